package dev.imagescan.layer.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.common.BadInputException;
import dev.imagescan.image.fuzz.BytesSource;
import dev.imagescan.image.fuzz.InMemoryArchives;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanBudget;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.ImageBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the layer tar walker: the fuzzer's bytes are the one layer blob of an otherwise valid OCI archive (its
 * digest and diffID those of the bytes, so a well-formed tar passes every check), scanned by {@link ImageScanner} as
 * any archive: the blob sniffed (plain, gzip or zstd), walked by the strict tar reader keeping the analyzers' files,
 * links followed, the layer replayed and analyzed. The scan's budget is cut to 64 MiB and 5 seconds so that a bound
 * which holds shows as a {@link dev.imagescan.common.BudgetExceededException} within the per-input time limit. A layer
 * the scan cannot use is a {@link BadInputException}; any other exception, a hang or an OutOfMemoryError is a
 * finding.
 */
class LayerTarFuzzTest {
    private static final ScanBudget BUDGET = new ScanBudget(64L << 20, Duration.ofSeconds(5));
    private static final ImageScanner SCANNER = new ImageScanner(ScanOptions.defaults()
            .withBudget(BUDGET)
            .withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(BUDGET.maxUncompressedBytes()))
            .withThreads(1));

    static {
        // loads and instruments the classes of a whole scan before the fuzzer times the first input
        scan(new byte[1024]);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void layerBlob(byte[] blob) {
        scan(blob);
    }

    private static void scan(byte[] blob) {
        byte[] archive = InMemoryArchives.oci(ImageBuilder.image().layer(BuiltLayer.fromBlob(blob, Compression.NONE)).build());
        try {
            SCANNER.scan(new BytesSource(archive, "fuzz.oci.tar"));
        } catch (BadInputException expected) {
            // refused with a one-line reason
        }
    }
}
