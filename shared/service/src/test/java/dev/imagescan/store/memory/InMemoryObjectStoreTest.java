package dev.imagescan.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ObjectStoreContract;
import dev.imagescan.store.Page;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.UnsupportedFeatureException;
import dev.imagescan.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryObjectStore}: the port's contract ({@link ObjectStoreContract}, shared with {@code S3ObjectStoreTest})
 * and the cases {@code S3ObjectStoreTest} and {@code S3ObjectTaggingTest} check beyond it.
 */
class InMemoryObjectStoreTest extends ObjectStoreContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.750Z"));
    private final InMemoryObjectStore memory = new InMemoryObjectStore(clock);

    @Override
    protected ObjectStore newStore() {
        return memory;
    }

    @Test
    void contentMatchesTheMd5OfTheBytesStored() throws Exception {
        byte[] bytes = "database".getBytes(StandardCharsets.UTF_8);
        memory.put("vulndb/x/vulndb.bin", bytes, PutOptions.BINARY);
        ObjectInfo info = memory.head("vulndb/x/vulndb.bin").orElseThrow();

        assertThat(memory.contentMatches(info, MessageDigest.getInstance("MD5").digest(bytes))).isTrue();
        assertThat(memory.contentMatches(info, MessageDigest.getInstance("MD5").digest(new byte[] {1}))).isFalse();
    }

    @Test
    void putGetHeadDeleteRoundTrip() throws Exception {
        byte[] bytes = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        String etag = memory.put("images/a/inventory.json", bytes, PutOptions.JSON);

        assertThat(etag).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
        assertThat(read(memory.get("images/a/inventory.json"))).isEqualTo(bytes);
        ObjectInfo info = memory.head("images/a/inventory.json").orElseThrow();
        assertThat(info).isEqualTo(new ObjectInfo("images/a/inventory.json", bytes.length, etag,
                Instant.parse("2026-11-27T12:00:00Z")));
        assertThat(memory.contentType("images/a/inventory.json")).contains("application/json");

        memory.delete("images/a/inventory.json");
        assertThat(memory.head("images/a/inventory.json")).isEmpty();
        assertThat(memory.contentType("images/a/inventory.json")).isEmpty();
        memory.delete("images/a/inventory.json"); // deleting what is gone is fine
    }

    @Test
    void theStoredBytesAreACopy() throws IOException {
        byte[] bytes = {1, 2, 3};
        memory.put("a", bytes, PutOptions.BINARY);
        memory.putIfAbsent("b", bytes, PutOptions.BINARY);
        bytes[0] = 9;

        assertThat(read(memory.get("a"))).containsExactly(1, 2, 3);
        assertThat(read(memory.get("b"))).containsExactly(1, 2, 3);
    }

    @Test
    void aStreamedPutReadsExactlyItsLengthAndLeavesTheStreamOpen() throws IOException {
        ClosingWatch content = new ClosingWatch(new byte[] {1, 2, 3, 4, 5});

        String etag = memory.put("streamed", content, 3, PutOptions.BINARY);

        assertThat(read(memory.get("streamed"))).containsExactly(1, 2, 3);
        assertThat(memory.head("streamed").orElseThrow().etag()).isEqualTo(etag)
                .isEqualTo(memory.put("copy", new byte[] {1, 2, 3}, PutOptions.BINARY));
        assertThat(content.closed).isFalse();
        assertThat(content.read()).as("the rest is left in the stream").isEqualTo(4);
    }

    @Test
    void aListingThatEndsOnAFullPageSaysSo() {
        for (int i = 0; i < 4; i++) {
            memory.put("a/" + i, new byte[] {1}, PutOptions.BINARY);
        }
        Page<ObjectInfo> first = memory.list("a/", 2, null);
        Page<ObjectInfo> second = memory.list("a/", 2, first.nextToken());

        assertThat(second.items()).extracting(ObjectInfo::key).containsExactly("a/2", "a/3");
        assertThat(second.next()).as("no empty page after the last").isEmpty();
    }

    @Test
    void keysAreListedInS3sOrderOfUtf8Bytes() {
        String replacement = "a/\uFFFD";
        String emoji = "a/\uD83D\uDE00"; // U+1F600: before U+FFFD in UTF-16 units, after it in UTF-8 bytes
        memory.put(emoji, new byte[] {1}, PutOptions.BINARY);
        memory.put(replacement, new byte[] {1}, PutOptions.BINARY);
        memory.put("a/z", new byte[] {1}, PutOptions.BINARY);

        assertThat(memory.list("a/", 10, null).items()).extracting(ObjectInfo::key)
                .containsExactly("a/z", replacement, emoji);
        Page<ObjectInfo> first = memory.list("a/", 2, null);
        assertThat(memory.list("a/", 2, first.nextToken()).items()).extracting(ObjectInfo::key)
                .containsExactly(emoji);
    }

    @Test
    void aListingGoesOnWhenItsLastKeyWasDeleted() {
        for (int i = 0; i < 3; i++) {
            memory.put("a/" + i, new byte[] {1}, PutOptions.BINARY);
        }
        Page<ObjectInfo> first = memory.list("a/", 1, null);
        memory.delete("a/0");
        assertThat(memory.list("a/", 5, first.nextToken()).items()).extracting(ObjectInfo::key)
                .containsExactly("a/1", "a/2");
    }

    @Test
    void concurrentPutIfAbsentHasOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 25; round++) {
                String key = "race/" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    byte[] bytes = {(byte) t};
                    results.add(pool.submit(() -> {
                        go.await();
                        return memory.putIfAbsent(key, bytes, PutOptions.BINARY);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tagsSetAreTagsReadAndReplacedWhole() throws IOException {
        memory.put("tagged", new byte[] {1, 2}, PutOptions.BINARY.withTags(Map.of("stage", "incoming", "team", "x")));
        assertThat(memory.tags("tagged")).as("tags given with the put").isEqualTo(Map.of("stage", "incoming",
                "team", "x"));
        ObjectInfo before = memory.head("tagged").orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        memory.setTags("tagged", Map.of("stage", "scanned"));

        assertThat(memory.tags("tagged")).isEqualTo(Map.of("stage", "scanned"));
        assertThat(memory.head("tagged")).as("tagging leaves the object as it was").contains(before);
        assertThat(read(memory.get("tagged"))).containsExactly(1, 2);
        memory.put("plain", new byte[] {1}, PutOptions.BINARY);
        assertThat(memory.tags("plain")).isEmpty();
        memory.put("tagged", new byte[] {3}, PutOptions.BINARY);
        assertThat(memory.tags("tagged")).as("a put replaces the tags with its own").isEmpty();
    }

    @Test
    void tagsReadAreACopy() {
        memory.put("o", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("k", "v")));
        Map<String, String> read = memory.tags("o");
        read.put("other", "x");
        assertThat(memory.tags("o")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void tenTagsAreTheMostAndLimitsAreCheckedFirst() {
        memory.put("object", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("stage", "incoming")));
        memory.setTags("object", tags(ObjectStore.MAX_TAGS));
        assertThat(memory.tags("object")).isEqualTo(tags(ObjectStore.MAX_TAGS));

        assertThatThrownBy(() -> memory.setTags("object", tags(ObjectStore.MAX_TAGS + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 tags");
        assertThatThrownBy(() -> memory.setTags("object", Map.of("k".repeat(129), "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> memory.setTags("object", Map.of("k", "v".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> memory.setTags("missing", tags(ObjectStore.MAX_TAGS + 1)))
                .as("refused before the object is looked up").isInstanceOf(IllegalArgumentException.class);
        assertThat(memory.tags("object")).as("nothing changed").isEqualTo(tags(ObjectStore.MAX_TAGS));
        memory.setTags("object", Map.of("k".repeat(128), "v".repeat(256)));
        assertThat(memory.tags("object")).isEqualTo(Map.of("k".repeat(128), "v".repeat(256)));
    }

    @Test
    void tagsOfAMissingObjectAreNotFound() {
        assertThatThrownBy(() -> memory.setTags("missing", Map.of("k", "v"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memory.tags("missing")).isInstanceOf(NotFoundException.class);
        assertThat(memory.head("missing")).as("setting tags creates nothing").isEmpty();
    }

    @Test
    void aStoreWithoutTaggingRefusesItAndStoresNothing() throws IOException {
        InMemoryObjectStore untagged = InMemoryObjectStore.withoutTagging(clock);
        Map<String, String> tags = Map.of("scanned", "true");
        untagged.put("plain", new byte[] {1}, PutOptions.BINARY);

        assertThatThrownBy(() -> untagged.setTags("plain", tags)).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("does not implement");
        assertThatThrownBy(() -> untagged.tags("plain")).isInstanceOf(UnsupportedFeatureException.class);
        assertThatThrownBy(() -> untagged.put("tagged", new byte[] {1}, PutOptions.BINARY.withTags(tags)))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThatThrownBy(() -> untagged.putIfAbsent("tagged", new byte[] {1}, PutOptions.BINARY.withTags(tags)))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(untagged.head("tagged")).as("a refused put stores nothing").isEmpty();
        assertThatThrownBy(() -> untagged.setTags("plain", tags(ObjectStore.MAX_TAGS + 1)))
                .as("limits first").isInstanceOf(IllegalArgumentException.class);
        assertThat(read(untagged.get("plain"))).containsExactly(1);
        assertThat(memory.tags(putTagged())).as("the ordinary store tags").isEqualTo(tags);
    }

    @Test
    void keysAreOneTo1024Utf8Bytes() {
        String longest = "\u00e9".repeat(512); // 1024 bytes of UTF-8 in 512 characters
        memory.put(longest, new byte[] {1}, PutOptions.BINARY);
        assertThat(memory.head(longest)).isPresent();
        assertThatThrownBy(() -> memory.put(longest + "a", new byte[] {1}, PutOptions.BINARY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025");
        assertThatThrownBy(() -> memory.put("", new byte[] {1}, PutOptions.BINARY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memory.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    private String putTagged() {
        memory.put("t", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("scanned", "true")));
        return "t";
    }

    private String imagesPageToken() {
        InMemoryScanTable table = new InMemoryScanTable(clock);
        for (int i = 0; i < 2; i++) {
            table.images().save(ImageRecord.of("sha256:" + String.valueOf(i).repeat(64)));
        }
        return table.images().list(1, null).nextToken();
    }

    private static Map<String, String> tags(int count) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("key" + i, "value" + i);
        }
        return tags;
    }



    /** A stream that tells whether it was closed. */
    private static final class ClosingWatch extends ByteArrayInputStream {
        boolean closed;

        ClosingWatch(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
