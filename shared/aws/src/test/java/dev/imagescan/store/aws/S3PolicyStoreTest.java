package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.StoredPolicy;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.LocalAws;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link S3PolicyStore} against a real S3 and DynamoDB API (LocalStack, or S3Proxy and dynalite). */
class S3PolicyStoreTest {
    private final LocalAws aws = LocalAws.get();
    private final MutableClock clock = new MutableClock(Instant.now());
    private ObjectStore objects;
    private String tableName;
    private S3PolicyStore store;

    @BeforeEach
    void resources() {
        objects = new S3ObjectStore(aws.s3(), aws.createBucket());
        tableName = LocalClients.createTable(aws);
        store = new S3PolicyStore(objects, aws.dynamoDb(), tableName, clock);
    }

    private static byte[] doc(String version) {
        return ("{\"version\": " + version + ", \"blockAt\": \"High\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nothingStoredIsEmpty() {
        assertThat(store.current()).isEmpty();
        assertThat(store.revision(1)).isEmpty();
        assertThat(store.revision(0)).isEmpty();
    }

    @Test
    void theFirstPutIsRevisionOneWithItsPointerItem() throws Exception {
        StoredPolicy saved = store.put("1", doc("1"), 0);

        assertThat(saved.revision()).isEqualTo(1);
        assertThat(saved.version()).isEqualTo("1");
        assertThat(saved.savedAt()).isEqualTo(Instant.ofEpochMilli(clock.millis()));
        StoredPolicy current = store.current().orElseThrow();
        assertThat(current.revision()).isEqualTo(1);
        assertThat(current.version()).isEqualTo("1");
        assertThat(current.document()).isEqualTo(doc("1"));
        assertThat(current.savedAt()).isEqualTo(saved.savedAt());
        try (InputStream in = objects.get("policy/revisions/1.json")) {
            assertThat(in.readAllBytes()).isEqualTo(doc("1"));
        }
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", Items.s("POLICY"), "sk", Items.s("CURRENT")))).item();
        assertThat(item.get("type").s()).isEqualTo("POLICY");
        assertThat(item.get("revision").n()).isEqualTo("1");
        assertThat(item.get("version").s()).isEqualTo("1");
        assertThat(item.get("key").s()).isEqualTo("policy/revisions/1.json");
        assertThat(item.get("savedAt").n()).isEqualTo(Long.toString(clock.millis()));
    }

    @Test
    void theNextRevisionBecomesCurrentAndEveryRevisionReadsBack() {
        store.put("1", doc("1"), 0);
        clock.advance(Duration.ofMinutes(5));
        StoredPolicy second = store.put("two", doc("\"two\""), 1);
        clock.advance(Duration.ofMinutes(5));
        store.put("3", doc("3"), 2);

        assertThat(second.revision()).isEqualTo(2);
        assertThat(store.current().orElseThrow().revision()).isEqualTo(3);
        StoredPolicy first = store.revision(1).orElseThrow();
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.document()).isEqualTo(doc("1"));
        StoredPolicy read = store.revision(2).orElseThrow();
        assertThat(read.version()).as("a string version").isEqualTo("two");
        assertThat(read.document()).isEqualTo(doc("\"two\""));
        assertThat(store.revision(3).orElseThrow().document()).isEqualTo(doc("3"));
        assertThat(store.revision(4)).isEmpty();
    }

    @Test
    void aStaleExpectedRevisionIsRefusedAndChangesNothing() {
        store.put("1", doc("1"), 0);
        store.put("2", doc("2"), 1);

        assertThatThrownBy(() -> store.put("9", doc("9"), 1)).isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("not at revision 1").hasMessageContaining("revision 2");
        assertThatThrownBy(() -> store.put("9", doc("9"), 0)).as("a second first")
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> store.put("9", doc("9"), 5)).as("a revision from the future")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("revision 2");
        assertThat(store.current().orElseThrow().version()).isEqualTo("2");
        assertThat(store.revision(2).orElseThrow().document()).isEqualTo(doc("2"));
    }

    @Test
    void aLeftoverOfAWriterThatDiedIsNeverReadAndIsReplacedOnceOld() {
        store.put("1", doc("1"), 0);
        // a writer died between the object and the pointer: revision 2's object, named by nothing
        objects.put(StoreKeys.policyRevision(2), doc("\"dead\""), PutOptions.JSON);

        assertThat(store.revision(2)).as("beyond the current revision").isEmpty();
        assertThat(store.current().orElseThrow().version()).isEqualTo("1");
        assertThatThrownBy(() -> store.put("2", doc("2"), 1)).as("as young as a writer still at work")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("another writer");

        clock.advance(S3PolicyStore.ORPHAN_AGE.plusSeconds(30));
        StoredPolicy saved = store.put("2", doc("2"), 1);

        assertThat(saved.revision()).isEqualTo(2);
        assertThat(store.current().orElseThrow().document()).isEqualTo(doc("2"));
    }

    @Test
    void aRetriedPutOfTheSameDocumentUsesItsOwnObject() {
        store.put("1", doc("1"), 0);
        // the first attempt wrote the object, then failed before the pointer
        objects.put(StoreKeys.policyRevision(2), doc("2"), PutOptions.JSON);

        assertThat(store.put("2", doc("2"), 1).revision()).isEqualTo(2);
        assertThat(store.current().orElseThrow().version()).isEqualTo("2");
    }

    @Test
    void aNegativeExpectedRevisionIsABadArgument() {
        assertThatThrownBy(() -> store.put("1", doc("1"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
