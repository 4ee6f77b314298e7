package dev.imagescan.store.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.StoredPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link PolicyStore} over the bucket and the table (docs/storage.md): each revision's document is an immutable
 * object {@code policy/revisions/<n>.json}, written first (put-if-absent); the current revision is the table item
 * {@code pk = POLICY, sk = CURRENT} ({@code revision}, {@code version}, {@code key}, {@code savedAt}), moved second
 * by a PutItem conditional on the revision the writer read ({@code attribute_not_exists(pk)} for the first).
 *
 * <p>A writer that dies between the two writes leaves an object no pointer names: revisions above the current one
 * are never read. The next writer at that revision finds it; the same bytes (a retried put) are used as they are,
 * other bytes older than {@link #ORPHAN_AGE} are such a leftover and replaced, younger ones belong to a writer still
 * at work, and the put fails as a lost race ({@link ConditionFailedException}).
 */
public final class S3PolicyStore implements PolicyStore {
    /** How old an unreferenced revision object must be to count as left by a writer that died. */
    public static final Duration ORPHAN_AGE = Duration.ofMinutes(1);
    static final String PK = "POLICY";
    static final String SK = "CURRENT";
    static final String TYPE = "POLICY";
    private static final JsonFactory JSON = new JsonFactory();

    private final ObjectStore objects;
    private final TableAccess table;
    private final Clock clock;

    /**
     * @param objects   the bucket the documents go to
     * @param dynamo    a client built once and shared; this store does not close it
     * @param tableName the scan table ({@link ScanTableSchema}), which holds the pointer
     * @param clock     the time recorded as {@code savedAt}, and against which a leftover's age is judged
     */
    public S3PolicyStore(ObjectStore objects, DynamoDbClient dynamo, String tableName, Clock clock) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.table = new TableAccess(Objects.requireNonNull(dynamo, "dynamo"),
                Objects.requireNonNull(tableName, "tableName"), clock, DynamoScanTable.DEFAULT_RETENTION);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<StoredPolicy> current() {
        Optional<Pointer> pointer = pointer();
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        Pointer p = pointer.get();
        byte[] document = read(p.key).orElseThrow(() -> new StoreException("the current policy names " + p.key
                + ", which is not in the bucket", null, false));
        return Optional.of(new StoredPolicy(p.revision, p.version, document, p.savedAt));
    }

    @Override
    public Optional<StoredPolicy> revision(long revision) {
        if (revision < 1) {
            return Optional.empty();
        }
        Optional<Pointer> pointer = pointer();
        if (pointer.isEmpty() || revision > pointer.get().revision) {
            return Optional.empty(); // not stored, or an object a writer left before it could name it
        }
        if (revision == pointer.get().revision) {
            return current();
        }
        String key = StoreKeys.policyRevision(revision);
        Optional<ObjectInfo> info = objects.head(key);
        Optional<byte[]> document = info.isEmpty() ? Optional.empty() : read(key);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredPolicy(revision, versionOf(document.get(), key), document.get(),
                info.get().lastModified()));
    }

    @Override
    public StoredPolicy put(String version, byte[] document, long expectedRevision) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(document, "document");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("an expected policy revision is 0 (none stored) or more, not "
                    + expectedRevision);
        }
        long next = expectedRevision + 1;
        String key = StoreKeys.policyRevision(next);
        if (!objects.putIfAbsent(key, document, PutOptions.JSON)) {
            takeOver(key, document, expectedRevision);
        }
        Instant savedAt = Instant.ofEpochMilli(clock.millis());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ScanTableSchema.PK, Items.s(PK));
        item.put(ScanTableSchema.SK, Items.s(SK));
        item.put("type", Items.s(TYPE));
        item.put("revision", Items.n(next));
        item.put("version", Items.s(version));
        item.put("key", Items.s(key));
        item.put("savedAt", Items.millis(savedAt));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (expectedRevision == 0) {
            names.put("#pk", ScanTableSchema.PK);
            condition = "attribute_not_exists(#pk)";
        } else {
            names.put("#rev", "revision");
            values.put(":expected", Items.n(expectedRevision));
            condition = "#rev = :expected";
        }
        try {
            table.put(item, condition, names, values, "policy revision " + next);
        } catch (ConditionFailedException e) {
            throw new ConditionFailedException("the policy is not at revision " + expectedRevision + " any more ("
                    + currentRevisionText() + ")", e);
        }
        return new StoredPolicy(next, version, document.clone(), savedAt);
    }

    /** The object for the next revision exists already: use it, replace it, or lose the race (see the class). */
    private void takeOver(String key, byte[] document, long expectedRevision) {
        Optional<Pointer> pointer = pointer();
        long current = pointer.map(p -> p.revision).orElse(0L);
        if (current != expectedRevision) {
            throw new ConditionFailedException("the policy is not at revision " + expectedRevision + " any more (it is"
                    + " at revision " + current + ")");
        }
        Optional<byte[]> there = read(key);
        if (there.isPresent() && Arrays.equals(there.get(), document)) {
            return; // this very document, from an earlier attempt of the same put
        }
        Optional<ObjectInfo> info = objects.head(key);
        if (info.isPresent() && info.get().lastModified().plus(ORPHAN_AGE).isAfter(clock.instant())) {
            throw new ConditionFailedException("another writer is storing policy revision " + (expectedRevision + 1)
                    + " (" + key + " was written at " + info.get().lastModified() + ")");
        }
        objects.put(key, document, PutOptions.JSON); // a leftover of a writer that died before naming it
    }

    private String currentRevisionText() {
        try {
            return pointer().map(p -> "it is at revision " + p.revision).orElse("none is stored");
        } catch (StoreException e) {
            return "its revision is unreadable: " + e.getMessage();
        }
    }

    private Optional<Pointer> pointer() {
        return table.get(TableAccess.key(PK, SK), "the current policy").map(item -> new Pointer(
                Items.number(item, "revision"), Items.requiredString(item, "version"),
                Items.requiredString(item, "key"), Items.instant(item, "savedAt")));
    }

    private Optional<byte[]> read(String key) {
        try (InputStream in = objects.get(key)) {
            return Optional.of(in.readAllBytes());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("reading " + key + " failed: " + e.getMessage(), e, true);
        }
    }

    /** The top-level {@code version} of a stored (so once validated) document, an integer as its decimal text. */
    static String versionOf(byte[] document, String key) {
        try (JsonParser p = JSON.createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StoreException(key + " is not a JSON object", null, false);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("version") && (value == JsonToken.VALUE_STRING
                        || value == JsonToken.VALUE_NUMBER_INT)) {
                    return p.getText();
                }
                p.skipChildren();
            }
            throw new StoreException(key + " has no version", null, false);
        } catch (IOException e) {
            throw new UncheckedIOException(key + " is not readable JSON", e);
        }
    }

    private record Pointer(long revision, String version, String key, Instant savedAt) {}
}
