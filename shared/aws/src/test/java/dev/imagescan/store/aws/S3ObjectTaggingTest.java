package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.testing.aws.S3MockServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link S3ObjectStore}'s object tagging over a real S3 API that implements it: Adobe S3Mock ({@link S3MockServer}),
 * since S3Proxy, the loopback S3 of the other store tests, answers 501 (see {@code S3ObjectStoreTest}).
 */
class S3ObjectTaggingTest {
    private final S3MockServer s3Mock = S3MockServer.get();
    private ObjectStore store;

    @BeforeEach
    void bucket() {
        store = new S3ObjectStore(s3Mock.s3(), s3Mock.createBucket());
    }

    @Test
    void tagsSetAreTagsRead() {
        store.put("plain", new byte[] {1}, PutOptions.BINARY);
        assertThat(store.tags("plain")).as("an object put without tags").isEmpty();

        // every punctuation S3 allows in tags (S3Mock refuses non-ASCII letters, which S3 accepts)
        Map<String, String> tags = Map.of("scanned", "true", "scan-verdict", "BLOCKED", "team", "a b/c+d=e:f@g.h_i-j");
        store.setTags("plain", tags);

        assertThat(store.tags("plain")).isEqualTo(tags);
    }

    @Test
    void settingTagsReplacesAllOfThemAndLeavesTheContent() throws IOException {
        store.put("tagged", new byte[] {1, 2}, PutOptions.BINARY.withTags(Map.of("stage", "incoming", "team", "x")));
        assertThat(store.tags("tagged")).as("tags given with the put").isEqualTo(Map.of("stage", "incoming",
                "team", "x"));

        store.setTags("tagged", Map.of("stage", "scanned"));
        assertThat(store.tags("tagged")).isEqualTo(Map.of("stage", "scanned"));

        // not tried: an empty tag set, on which S3Mock 4.12.4 fails (500, a NullPointerException inside)
        try (InputStream in = store.get("tagged")) {
            assertThat(in.readAllBytes()).containsExactly(1, 2);
        }
    }

    @Test
    void tenTagsAreTheMostAccepted() {
        Map<String, String> ten = tags(ObjectStore.MAX_TAGS);
        store.put("ten", new byte[] {1}, PutOptions.BINARY);
        store.setTags("ten", ten);
        assertThat(store.tags("ten")).isEqualTo(ten);
    }

    @Test
    void aMissingObjectIsNotFound() {
        assertThatThrownBy(() -> store.setTags("missing", Map.of("k", "v"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.tags("missing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void tagsBeyondS3sLimitsAreRefusedBeforeAnyRequest() {
        store.put("object", new byte[] {1}, PutOptions.BINARY.withTags(Map.of("stage", "incoming")));

        assertThatThrownBy(() -> store.setTags("object", tags(ObjectStore.MAX_TAGS + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 tags");
        assertThatThrownBy(() -> store.setTags("object", Map.of("k".repeat(129), "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> store.setTags("object", Map.of("k", "v".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 256");
        // refused here, not by the service: a missing object gives the same refusal, not NotFoundException
        assertThatThrownBy(() -> store.setTags("missing", tags(ObjectStore.MAX_TAGS + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.tags("object")).as("nothing was sent").isEqualTo(Map.of("stage", "incoming"));
    }

    @Test
    void theLongestKeyAndValueS3AllowsGoThrough() {
        Map<String, String> longest = Map.of("k".repeat(128), "v".repeat(256));
        store.put("object", new byte[] {1}, PutOptions.BINARY);
        store.setTags("object", longest);
        assertThat(store.tags("object")).isEqualTo(longest);
    }

    private static Map<String, String> tags(int count) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("key" + i, "value" + i);
        }
        return tags;
    }
}
