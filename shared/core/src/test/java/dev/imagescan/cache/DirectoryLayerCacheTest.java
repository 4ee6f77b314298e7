package dev.imagescan.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.scan.LayerCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries live at {@code <root>/<key>/<algorithm>/<hex>}, are replaced whole, and bad names are refused. */
class DirectoryLayerCacheTest {
    static final String DIFF_ID = "sha256:" + "ab".repeat(32);
    static final String KEY = "0123456789abcdef";

    @TempDir
    Path root;

    @Test
    void anEntryIsStoredUnderItsKeyAndDiffIdAndFoundAgain() throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(root);

        assertThat(cache.find(DIFF_ID, KEY)).isEmpty();
        cache.store(DIFF_ID, KEY, entry("first"));
        cache.store(DIFF_ID, KEY, entry("second, longer"));

        assertThat(read(cache.find(DIFF_ID, KEY))).isEqualTo("second, longer");
        assertThat(cache.find("sha256:" + "cd".repeat(32), KEY)).isEmpty();
        assertThat(cache.find(DIFF_ID, "fedcba9876543210")).isEmpty();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
                    .containsExactly(KEY + "/sha256/" + "ab".repeat(32));
        }
    }

    @Test
    void aFailedStoreLeavesTheOldEntryAndNoTemporaryFile() throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(root);
        cache.store(DIFF_ID, KEY, entry("old"));
        LayerCache.Entry failing = new LayerCache.Entry() {
            @Override
            public long length() {
                return 1000;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int n;

                    @Override
                    public int read() throws IOException {
                        if (++n > 10) {
                            throw new IOException("connection reset");
                        }
                        return 'x';
                    }
                };
            }
        };

        assertThatThrownBy(() -> cache.store(DIFF_ID, KEY, failing)).hasMessage("connection reset");
        assertThatThrownBy(() -> cache.store(DIFF_ID, KEY, lying())).hasMessage("entry of 99 bytes gave 5");

        assertThat(read(cache.find(DIFF_ID, KEY))).isEqualTo("old");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
    }

    @Test
    void namesThatCouldLeaveTheRootAreRefused() {
        DirectoryLayerCache cache = new DirectoryLayerCache(root);

        assertThatThrownBy(() -> cache.find("sha256:../../etc", KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.find(DIFF_ID, "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.find(DIFF_ID, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.store("md5:abc", KEY, entry("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBlobIndexKeepsOneDiffIdPerBlobAndRefusesWhatItDidNotWrite() throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(root);
        String blob = "sha256:" + "12".repeat(32);
        String other = "sha256:" + "cd".repeat(32);

        assertThat(cache.diffIdOfBlob(blob)).isEmpty();
        cache.recordBlob(blob, other);
        cache.recordBlob(blob, DIFF_ID);

        assertThat(cache.diffIdOfBlob(blob)).contains(DIFF_ID);
        assertThat(cache.blobPath(blob)).isEqualTo(root.resolve("_blobs/sha256/" + "12".repeat(32)));
        assertThat(cache.find(DIFF_ID, KEY)).isEmpty();
        Files.writeString(cache.blobPath(blob), DIFF_ID + "\n" + "x".repeat(1000));
        assertThatThrownBy(() -> cache.diffIdOfBlob(blob)).isInstanceOf(IOException.class)
                .hasMessageEndingWith(" holds no diffID");
        assertThatThrownBy(() -> cache.diffIdOfBlob("sha256:../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.recordBlob(blob, "latest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInMemoryCacheKeepsWhatItIsGiven() throws IOException {
        InMemoryLayerCache cache = new InMemoryLayerCache();
        cache.store(DIFF_ID, KEY, entry("bytes"));

        assertThat(read(cache.find(DIFF_ID, KEY))).isEqualTo("bytes");
        assertThat(cache.find(DIFF_ID, "other")).isEmpty();
        assertThat(cache.names()).containsExactly(DIFF_ID + "/" + KEY);
        assertThat(cache.bytes()).isEqualTo(5);
        assertThatThrownBy(() -> cache.store(DIFF_ID, KEY, lying())).hasMessage("entry of 99 bytes gave 5");
    }

    private static LayerCache.Entry entry(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new LayerCache.Entry() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static LayerCache.Entry lying() {
        return new LayerCache.Entry() {
            @Override
            public long length() {
                return 99;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream("short".getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static String read(Optional<InputStream> entry) throws IOException {
        try (InputStream in = entry.orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
