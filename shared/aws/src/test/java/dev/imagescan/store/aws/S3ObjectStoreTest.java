package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ObjectStoreContract;
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

/**
 * {@link S3ObjectStore} against a real S3 API (LocalStack or S3Proxy), a fresh bucket per test: the port's contract
 * ({@link ObjectStoreContract}) and what only S3 shows.
 */
class S3ObjectStoreTest extends ObjectStoreContract {
    private final LocalAws aws = LocalAws.get();

    /** A fresh bucket per test. */
    @Override
    protected ObjectStore newStore() {
        return new S3ObjectStore(aws.s3(), aws.createBucket());
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
        String bucket = ((S3ObjectStore) store).bucket();
        assertThat(aws.s3().headObject(b -> b.bucket(bucket).key("images/a/inventory.json")).contentType())
                .startsWith("application/json");

        store.delete("images/a/inventory.json");
        assertThat(store.head("images/a/inventory.json")).isEmpty();
        store.delete("images/a/inventory.json"); // deleting what is gone is fine
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



    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
