package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.Page;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.UnsupportedFeatureException;
import dev.imagescan.testing.aws.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link S3ObjectStore} against a real S3 API (LocalStack or S3Proxy), a fresh bucket per test. */
class S3ObjectStoreTest {
    private final LocalAws aws = LocalAws.get();
    private S3ObjectStore store;

    @BeforeEach
    void bucket() {
        store = new S3ObjectStore(aws.s3(), aws.createBucket());
    }

    @Test
    void contentMatchesASinglePartUploadByItsMd5AndCannotTellForAMultipartEtag() throws Exception {
        byte[] bytes = "database".getBytes(StandardCharsets.UTF_8);
        store.put("vulndb/x/vulndb.bin", bytes, PutOptions.BINARY);
        ObjectInfo info = store.head("vulndb/x/vulndb.bin").orElseThrow();
        byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(bytes);

        assertThat(store.contentMatches(info, md5)).isTrue();
        assertThat(store.contentMatches(info, java.security.MessageDigest.getInstance("MD5").digest(new byte[1])))
                .isFalse();
        ObjectInfo multipart = new ObjectInfo(info.key(), info.size(), "\"0123456789abcdef0123456789abcdef-3\"",
                info.lastModified());
        assertThat(store.contentMatches(multipart, new byte[16])).as("a multipart etag is no MD5").isTrue();
        assertThat(store.contentMatches(new ObjectInfo(info.key(), info.size(), null, info.lastModified()), md5))
                .isFalse();
    }

    @Test
    void putGetHeadDeleteRoundTrip() throws IOException {
        byte[] bytes = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        Instant before = Instant.now().minusSeconds(5);

        String etag = store.put("images/a/inventory.json", bytes, PutOptions.JSON);

        assertThat(etag).isEqualTo(md5(bytes));
        try (InputStream in = store.get("images/a/inventory.json")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        ObjectInfo info = store.head("images/a/inventory.json").orElseThrow();
        assertThat(info.key()).isEqualTo("images/a/inventory.json");
        assertThat(info.size()).isEqualTo(bytes.length);
        assertThat(info.etag()).isEqualTo(etag);
        assertThat(info.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(aws.s3().headObject(b -> b.bucket(store.bucket()).key("images/a/inventory.json")).contentType())
                .startsWith("application/json");

        store.delete("images/a/inventory.json");
        assertThat(store.head("images/a/inventory.json")).isEmpty();
        store.delete("images/a/inventory.json"); // deleting what is gone is fine
    }

    @Test
    void putReplacesAndAbsentObjectsAreNotFound() throws IOException {
        store.put("k", new byte[] {1}, PutOptions.BINARY);
        store.put("k", new byte[] {2, 3}, PutOptions.BINARY);
        try (InputStream in = store.get("k")) {
            assertThat(in.readAllBytes()).containsExactly(2, 3);
        }
        assertThat(store.head("missing")).isEmpty();
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> store.get("missing", 0, 10)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listsAPrefixInPages() {
        for (int i = 0; i < 25; i++) {
            store.put(String.format("layers/sha256:%02d.json", i), new byte[] {(byte) i}, PutOptions.JSON);
        }
        store.put("layersX/other", new byte[] {9}, PutOptions.BINARY);
        store.put("images/other", new byte[] {9}, PutOptions.BINARY);

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
        assertThat(store.list("nothing/", 10, null).items()).isEmpty();
        assertThat(store.list("nothing/", 10, null).next()).isEmpty();
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
        for (String bad : List.of("%%%", "bm90IGpzb24", "e30", "eyJ2IjoiaTEiLCJzIjoiMCJ9", "")) {
            assertThatThrownBy(() -> store.list("a/", 1, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed page token");
        }
        assertThatThrownBy(() -> store.list("a/", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("a/", 1001, null)).isInstanceOf(IllegalArgumentException.class);
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
    void streamsFiftyMebibytesThroughWithoutHoldingThem() throws Exception {
        long size = 50L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (InputStream generated = new GeneratedStream(size, 42, sent)) {
            store.put("incoming/big.tar", generated, size, PutOptions.BINARY);
        }
        assertThat(store.head("incoming/big.tar").orElseThrow().size()).isEqualTo(size);

        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = store.get("incoming/big.tar")) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.update(buffer, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(sent.digest());

        byte[] tail = read(store.get("incoming/big.tar", size - 16, 16));
        assertThat(tail).isEqualTo(GeneratedStream.bytesAt(size, 42, size - 16, 16));
    }

    @Test
    void aStreamShorterThanItsLengthStoresNothing() {
        InputStream shortStream = new ByteArrayInputStream(new byte[100]);
        assertThatThrownBy(() -> store.put("short", shortStream, 1000, PutOptions.BINARY))
                .isInstanceOf(StoreException.class);
        assertThat(store.head("short")).isEmpty();
    }

    @Test
    void putIfAbsentKeepsTheFirstObject() throws IOException {
        assertThat(store.putIfAbsent("layers/x.json", "first".getBytes(StandardCharsets.UTF_8), PutOptions.JSON))
                .isTrue();
        assertThat(store.putIfAbsent("layers/x.json", "second".getBytes(StandardCharsets.UTF_8), PutOptions.JSON))
                .isFalse();
        try (InputStream in = store.get("layers/x.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void tagsWhereTheEndpointHasThem() throws IOException {
        Map<String, String> tags = Map.of("scanned", "true", "verdict", "blocked");
        if (aws.supportsObjectTagging()) {
            store.put("tagged", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("stage", "incoming")));
            assertThat(store.tags("tagged")).isEqualTo(Map.of("stage", "incoming"));
            store.setTags("tagged", tags);
            assertThat(store.tags("tagged")).isEqualTo(tags);
            assertThatThrownBy(() -> store.setTags("missing", tags)).isInstanceOf(NotFoundException.class);
        } else {
            store.put("plain", new byte[] {1}, PutOptions.BINARY);
            assertThatThrownBy(() -> store.setTags("plain", tags)).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("does not implement");
            assertThatThrownBy(() -> store.tags("plain")).isInstanceOf(UnsupportedFeatureException.class);
            assertThatThrownBy(() -> store.put("tagged", new byte[] {1}, PutOptions.BINARY.withTags(tags)))
                    .isInstanceOf(UnsupportedFeatureException.class);
            assertThat(store.head("tagged")).as("a refused put stores nothing").isEmpty();
            try (InputStream in = store.get("plain")) {
                assertThat(in.readAllBytes()).containsExactly(1);
            }
        }
    }

    @Test
    void tagsAreCheckedBeforeAnyRequest() {
        Map<String, String> eleven = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("k" + i, "v");
        }
        assertThatThrownBy(() -> PutOptions.BINARY.withTags(eleven)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.setTags("x", Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectStore.checkTags(Map.of("k", "v".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingBucketIsAFailureNotAnAbsentObject() {
        S3ObjectStore nowhere = new S3ObjectStore(aws.s3(), LocalAws.uniqueName("absent"));
        assertThatThrownBy(() -> nowhere.get("k")).isInstanceOf(StoreException.class)
                .isNotInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> nowhere.put("k", new byte[] {1}, PutOptions.BINARY))
                .isInstanceOf(StoreException.class).isNotInstanceOf(NotFoundException.class);
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

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
