package dev.imagescan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} does, as the port's Javadoc and docs/storage.md state it, run against each
 * implementation: the S3 adapter on a real S3 API ({@code S3ObjectStoreTest} in shared/aws) and the in-memory one
 * ({@code InMemoryObjectStoreTest}). Each subclass adds what only its implementation can show.
 */
public abstract class ObjectStoreContract {
    /** The store under test, new and empty for each test. */
    protected ObjectStore store;

    /** A new, empty store of the implementation under test. */
    protected abstract ObjectStore newStore();

    @BeforeEach
    void newStoreForEachTest() {
        store = newStore();
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

    /** Reads and closes {@code in}. */
    protected static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    protected static byte[] slice(byte[] bytes, int from, int length) {
        return Arrays.copyOfRange(bytes, from, from + length);
    }
}
