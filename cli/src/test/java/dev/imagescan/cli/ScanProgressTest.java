package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.image.Digest;
import dev.imagescan.image.LayerDescriptor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The layer-reading progress line: nothing in the first 500 ms (small scans never flash a line), then the bytes of
 * the blobs read over the layers' total, layers from the cache counted as read, no total once re-reads pass it, and
 * erased at the end.
 */
class ScanProgressTest {
    private static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));
    private static final LayerDescriptor FIRST = new LayerDescriptor(0, "blobs/sha256/1", null, D1, 30_000_000, D1);
    private static final LayerDescriptor SECOND = new LayerDescriptor(1, "blobs/sha256/2", null, D2, 50_000_000, D2);

    @Test
    void showsAfterTheDelayCountsCachedLayersAndErasesAtTheEnd() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(10_000);
        ScanProgress progress = new ScanProgress(new PrintWriter(text), "pulling", "registry.example/app:1",
                now::get);

        progress.layersToRead(List.of(FIRST, SECOND));
        progress.blobBytesRead(FIRST, 5_000_000);
        now.addAndGet(ScanProgress.DELAY_MS - 1);
        progress.blobBytesRead(FIRST, 5_000_000);
        String early = text.toString();
        now.addAndGet(1);
        progress.blobBytesRead(FIRST, 2_500_000);
        now.addAndGet(300);
        progress.layerFromCache(SECOND);
        now.addAndGet(300);
        progress.blobBytesRead(FIRST, 60_000_000);
        progress.finish();

        assertThat(early).isEmpty();
        assertThat(text.toString()).isEqualTo(
                "\rimagescan: pulling registry.example/app:1 (2 layers): 12.5 of 80.0 MB\u001b[K"
                        + "\rimagescan: pulling registry.example/app:1 (2 layers): 62.5 of 80.0 MB\u001b[K"
                        + "\rimagescan: pulling registry.example/app:1 (2 layers): 122.5 MB\u001b[K"
                        + "\r\u001b[K");
    }

    @Test
    void aFastScanShowsNothingAndErasesNothing() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ScanProgress progress = new ScanProgress(new PrintWriter(text), "reading", "alpine.tar", now::get);

        progress.layersToRead(List.of(FIRST));
        progress.blobBytesRead(FIRST, 30_000_000);
        progress.finish();

        assertThat(text.toString()).isEmpty();
    }
}
