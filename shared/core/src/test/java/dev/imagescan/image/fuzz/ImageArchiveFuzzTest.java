package dev.imagescan.image.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.common.BadInputException;
import dev.imagescan.image.RandomAccessSource;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanBudget;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the image archive readers the way the scan service reads an archive: {@link ImageScanner#scan(
 * RandomAccessSource)} over the bytes (a plain tar, or one compressed as a whole), which opens the docker-archive or
 * OCI archive, reads each layer for the analyzers' files and analyzes them. Two targets with one entry: their seeds
 * differ ({@code dockerArchive}: docker save output; {@code ociArchive}: OCI image layout archives). The scan's budget
 * is cut to {@link #BUDGET} so that a bound which holds shows as a
 * {@link dev.imagescan.common.BudgetExceededException} well within the per-input time limit. Input the scan cannot use
 * is a {@link BadInputException}; any other exception, a hang or an OutOfMemoryError is a finding.
 */
class ImageArchiveFuzzTest {
    /**
     * The budget of one fuzzed scan: 16 MiB uncompressed, 5 seconds. The seeds decompress to less than 1 MiB, so a
     * smaller budget loses no path and makes the inputs that hit it (bombs, long zero runs) cheap.
     */
    static final ScanBudget BUDGET = new ScanBudget(16L << 20, Duration.ofSeconds(5));
    /** Per layer: the whole budget, and the compression ratio checked past 1 MiB instead of 64 MiB. */
    private static final LayerLimits LIMITS = new LayerLimits(BUDGET.maxUncompressedBytes(),
            LayerLimits.DEFAULT.maxRatio(), 1L << 20, LayerLimits.DEFAULT.inMemoryBytes());
    private static final ImageScanner SCANNER = new ImageScanner(ScanOptions.defaults()
            .withBudget(BUDGET)
            .withLimits(LIMITS)
            .withThreads(1));

    static {
        // loads and instruments the classes of a scan before the fuzzer times the first input
        BuiltImage image = ImageBuilder.image()
                .layer(LayerBuilder.layer().file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n"))
                .build();
        scan(InMemoryArchives.oci(image));
        scan(InMemoryArchives.docker(image));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void dockerArchive(byte[] archive) {
        scan(archive);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void ociArchive(byte[] archive) {
        scan(archive);
    }

    /** Scans {@code archive}; bad input ends it with a BadInputException. */
    static void scan(byte[] archive) {
        try {
            SCANNER.scan(new BytesSource(archive, "fuzz.tar"));
        } catch (BadInputException expected) {
            // refused with a one-line reason
        }
    }
}
