package dev.imagescan.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
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

/** {@link InMemoryObjectStore}: the cases {@code S3ObjectStoreTest} and {@code S3ObjectTaggingTest} check. */
class InMemoryObjectStoreTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.750Z"));
    private final InMemoryObjectStore store = new InMemoryObjectStore(clock);

    @Test
    void contentMatchesTheMd5OfTheBytesStored() throws Exception {
        byte[] bytes = "database".getBytes(StandardCharsets.UTF_8);
        store.put("vulndb/x/vulndb.bin", bytes, PutOptions.BINARY);
        ObjectInfo info = store.head("vulndb/x/vulndb.bin").orElseThrow();

        assertThat(store.contentMatches(info, MessageDigest.getInstance("MD5").digest(bytes))).isTrue();
        assertThat(store.contentMatches(info, MessageDigest.getInstance("MD5").digest(new byte[] {1}))).isFalse();
    }

    @Test
    void putGetHeadDeleteRoundTrip() throws Exception {
        byte[] bytes = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        String etag = store.put("images/a/inventory.json", bytes, PutOptions.JSON);

        assertThat(etag).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
        assertThat(read(store.get("images/a/inventory.json"))).isEqualTo(bytes);
        ObjectInfo info = store.head("images/a/inventory.json").orElseThrow();
        assertThat(info).isEqualTo(new ObjectInfo("images/a/inventory.json", bytes.length, etag,
                Instant.parse("2026-11-27T12:00:00Z")));
        assertThat(store.contentType("images/a/inventory.json")).contains("application/json");

        store.delete("images/a/inventory.json");
        assertThat(store.head("images/a/inventory.json")).isEmpty();
        assertThat(store.contentType("images/a/inventory.json")).isEmpty();
        store.delete("images/a/inventory.json"); // deleting what is gone is fine
    }

    @Test
    void putReplacesAndAbsentObjectsAreNotFound() throws IOException {
        store.put("k", new byte[] {1}, PutOptions.BINARY);
        clock.advance(Duration.ofSeconds(5));
        store.put("k", new byte[] {2, 3}, PutOptions.JSON);

        assertThat(read(store.get("k"))).containsExactly(2, 3);
        assertThat(store.head("k").orElseThrow().lastModified()).isEqualTo("2026-11-27T12:00:05Z");
        assertThat(store.contentType("k")).contains("application/json");
        assertThat(store.head("missing")).isEmpty();
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> store.get("missing", 0, 10)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theStoredBytesAreACopy() throws IOException {
        byte[] bytes = {1, 2, 3};
        store.put("a", bytes, PutOptions.BINARY);
        store.putIfAbsent("b", bytes, PutOptions.BINARY);
        bytes[0] = 9;

        assertThat(read(store.get("a"))).containsExactly(1, 2, 3);
        assertThat(read(store.get("b"))).containsExactly(1, 2, 3);
    }

    @Test
    void aStreamedPutReadsExactlyItsLengthAndLeavesTheStreamOpen() throws IOException {
        ClosingWatch content = new ClosingWatch(new byte[] {1, 2, 3, 4, 5});

        String etag = store.put("streamed", content, 3, PutOptions.BINARY);

        assertThat(read(store.get("streamed"))).containsExactly(1, 2, 3);
        assertThat(store.head("streamed").orElseThrow().etag()).isEqualTo(etag)
                .isEqualTo(store.put("copy", new byte[] {1, 2, 3}, PutOptions.BINARY));
        assertThat(content.closed).isFalse();
        assertThat(content.read()).as("the rest is left in the stream").isEqualTo(4);
    }

    @Test
    void aStreamShorterThanItsLengthStoresNothing() throws IOException {
        InputStream shortStream = new ByteArrayInputStream(new byte[100]);
        assertThatThrownBy(() -> store.put("short", shortStream, 1000, PutOptions.BINARY))
                .isInstanceOf(StoreException.class).hasMessageContaining("100 of 1000");
        assertThat(store.head("short")).isEmpty();

        store.put("kept", new byte[] {7}, PutOptions.BINARY);
        assertThatThrownBy(() -> store.put("kept", new ByteArrayInputStream(new byte[1]), 2, PutOptions.BINARY))
                .isInstanceOf(StoreException.class);
        assertThat(read(store.get("kept"))).as("the object before the failed put").containsExactly(7);
        assertThatThrownBy(() -> store.put("neg", InputStream.nullInputStream(), -1, PutOptions.BINARY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsAPrefixInPages() {
        for (int i = 24; i >= 0; i--) {
            store.put(String.format("layers/sha256:%02d.json", i), new byte[] {(byte) i}, PutOptions.JSON);
        }
        store.put("layersX/other", new byte[] {9}, PutOptions.BINARY);
        store.put("images/other", new byte[] {9}, PutOptions.BINARY);
        store.put("layers", new byte[] {9}, PutOptions.BINARY);

        List<String> keys = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Page<ObjectInfo> page = store.list("layers/", 10, token);
            sizes.add(page.items().size());
            page.items().forEach(o -> {
                keys.add(o.key());
                assertThat(o.size()).isEqualTo(1);
            });
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(keys).hasSize(25).doesNotHaveDuplicates().isSorted()
                .allMatch(k -> k.startsWith("layers/sha256:"));
        assertThat(store.list("nothing/", 10, null)).isEqualTo(new Page<>(List.of(), null));
        assertThat(store.list("", 1000, null).items()).as("every object").hasSize(28);
    }

    @Test
    void aListingThatEndsOnAFullPageSaysSo() {
        for (int i = 0; i < 4; i++) {
            store.put("a/" + i, new byte[] {1}, PutOptions.BINARY);
        }
        Page<ObjectInfo> first = store.list("a/", 2, null);
        Page<ObjectInfo> second = store.list("a/", 2, first.nextToken());

        assertThat(second.items()).extracting(ObjectInfo::key).containsExactly("a/2", "a/3");
        assertThat(second.next()).as("no empty page after the last").isEmpty();
    }

    @Test
    void keysAreListedInS3sOrderOfUtf8Bytes() {
        String replacement = "a/\uFFFD";
        String emoji = "a/\uD83D\uDE00"; // U+1F600: before U+FFFD in UTF-16 units, after it in UTF-8 bytes
        store.put(emoji, new byte[] {1}, PutOptions.BINARY);
        store.put(replacement, new byte[] {1}, PutOptions.BINARY);
        store.put("a/z", new byte[] {1}, PutOptions.BINARY);

        assertThat(store.list("a/", 10, null).items()).extracting(ObjectInfo::key)
                .containsExactly("a/z", replacement, emoji);
        Page<ObjectInfo> first = store.list("a/", 2, null);
        assertThat(store.list("a/", 2, first.nextToken()).items()).extracting(ObjectInfo::key)
                .containsExactly(emoji);
    }

    @Test
    void pageTokensAreCheckedAndBoundToTheirListing() {
        for (int i = 0; i < 3; i++) {
            store.put("a/" + i, new byte[] {1}, PutOptions.BINARY);
        }
        String token = store.list("a/", 1, null).nextToken();
        assertThat(token).isNotNull();
        assertThat(store.list("a/", 1, token).items()).extracting(ObjectInfo::key).containsExactly("a/1");

        assertThatThrownBy(() -> store.list("b/", 1, token)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed page token").hasMessageContaining("another prefix");
        String imagesToken = imagesPageToken();
        for (String bad : List.of("%%%", "bm90IGpzb24", "e30", "eyJ2IjoiaTEiLCJzIjoiMCJ9", "", "x".repeat(9000),
                imagesToken)) {
            assertThatThrownBy(() -> store.list("a/", 1, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed page token");
        }
        assertThatThrownBy(() -> store.list("a/", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("a/", 1001, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingGoesOnWhenItsLastKeyWasDeleted() {
        for (int i = 0; i < 3; i++) {
            store.put("a/" + i, new byte[] {1}, PutOptions.BINARY);
        }
        Page<ObjectInfo> first = store.list("a/", 1, null);
        store.delete("a/0");
        assertThat(store.list("a/", 5, first.nextToken()).items()).extracting(ObjectInfo::key)
                .containsExactly("a/1", "a/2");
    }

    @Test
    void rangedReads() throws IOException {
        byte[] bytes = new byte[1000];
        new Random(7).nextBytes(bytes);
        store.put("blob", bytes, PutOptions.BINARY);

        assertThat(read(store.get("blob", 0, 10))).isEqualTo(slice(bytes, 0, 10));
        assertThat(read(store.get("blob", 500, 1))).isEqualTo(slice(bytes, 500, 1));
        assertThat(read(store.get("blob", 990, 100))).as("cut at the end").isEqualTo(slice(bytes, 990, 10));
        assertThat(read(store.get("blob", 0, Long.MAX_VALUE))).as("no overflow").isEqualTo(bytes);
        assertThat(read(store.get("blob", 1000, 5))).as("at the end").isEmpty();
        assertThat(read(store.get("blob", 5000, 5))).as("past the end").isEmpty();
        assertThatThrownBy(() -> store.get("blob", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("blob", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putIfAbsentKeepsTheFirstObject() throws IOException {
        assertThat(store.putIfAbsent("layers/x.json", "first".getBytes(StandardCharsets.UTF_8), PutOptions.JSON))
                .isTrue();
        assertThat(store.putIfAbsent("layers/x.json", "second".getBytes(StandardCharsets.UTF_8), PutOptions.JSON))
                .isFalse();
        assertThat(new String(read(store.get("layers/x.json")), StandardCharsets.UTF_8)).isEqualTo("first");
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
                        return store.putIfAbsent(key, bytes, PutOptions.BINARY);
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
        store.put("tagged", new byte[] {1, 2}, PutOptions.BINARY.withTags(Map.of("stage", "incoming", "team", "x")));
        assertThat(store.tags("tagged")).as("tags given with the put").isEqualTo(Map.of("stage", "incoming",
                "team", "x"));
        ObjectInfo before = store.head("tagged").orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        store.setTags("tagged", Map.of("stage", "scanned"));

        assertThat(store.tags("tagged")).isEqualTo(Map.of("stage", "scanned"));
        assertThat(store.head("tagged")).as("tagging leaves the object as it was").contains(before);
        assertThat(read(store.get("tagged"))).containsExactly(1, 2);
        store.put("plain", new byte[] {1}, PutOptions.BINARY);
        assertThat(store.tags("plain")).isEmpty();
        store.put("tagged", new byte[] {3}, PutOptions.BINARY);
        assertThat(store.tags("tagged")).as("a put replaces the tags with its own").isEmpty();
    }

    @Test
    void tagsReadAreACopy() {
        store.put("o", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("k", "v")));
        Map<String, String> read = store.tags("o");
        read.put("other", "x");
        assertThat(store.tags("o")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void tenTagsAreTheMostAndLimitsAreCheckedFirst() {
        store.put("object", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("stage", "incoming")));
        store.setTags("object", tags(ObjectStore.MAX_TAGS));
        assertThat(store.tags("object")).isEqualTo(tags(ObjectStore.MAX_TAGS));

        assertThatThrownBy(() -> store.setTags("object", tags(ObjectStore.MAX_TAGS + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 tags");
        assertThatThrownBy(() -> store.setTags("object", Map.of("k".repeat(129), "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> store.setTags("object", Map.of("k", "v".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> store.setTags("missing", tags(ObjectStore.MAX_TAGS + 1)))
                .as("refused before the object is looked up").isInstanceOf(IllegalArgumentException.class);
        assertThat(store.tags("object")).as("nothing changed").isEqualTo(tags(ObjectStore.MAX_TAGS));
        store.setTags("object", Map.of("k".repeat(128), "v".repeat(256)));
        assertThat(store.tags("object")).isEqualTo(Map.of("k".repeat(128), "v".repeat(256)));
    }

    @Test
    void tagsOfAMissingObjectAreNotFound() {
        assertThatThrownBy(() -> store.setTags("missing", Map.of("k", "v"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.tags("missing")).isInstanceOf(NotFoundException.class);
        assertThat(store.head("missing")).as("setting tags creates nothing").isEmpty();
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
        assertThat(store.tags(putTagged())).as("the ordinary store tags").isEqualTo(tags);
    }

    @Test
    void keysAreOneTo1024Utf8Bytes() {
        String longest = "\u00e9".repeat(512); // 1024 bytes of UTF-8 in 512 characters
        store.put(longest, new byte[] {1}, PutOptions.BINARY);
        assertThat(store.head(longest)).isPresent();
        assertThatThrownBy(() -> store.put(longest + "a", new byte[] {1}, PutOptions.BINARY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025");
        assertThatThrownBy(() -> store.put("", new byte[] {1}, PutOptions.BINARY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    private String putTagged() {
        store.put("t", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("scanned", "true")));
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

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, from, out, 0, length);
        return out;
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
