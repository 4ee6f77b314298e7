package dev.imagescan.analyzer.dpkg.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.dpkg.DpkgAnalyzer;
import dev.imagescan.analyzer.fuzz.AnalyzerFuzzing;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.layer.MapFileView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the dpkg analyzer on one {@code /var/lib/dpkg/status} file and one distroless {@code status.d/} file. The
 * parser reports bad stanzas as problems and throws nothing, and every package gets its package URL as in a scan: any
 * exception, hang or OutOfMemoryError is a finding.
 * Seeds and regression inputs: {@code DpkgStatusFuzzTestInputs/statusFile/} (docs/fuzzing.md).
 */
class DpkgStatusFuzzTest {
    private static final OperatingSystem DEBIAN = AnalyzerFuzzing.os("debian", "12");

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new DpkgStatusFuzzTest().statusFile("Package: a\nVersion: 1\n".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void statusFile(byte[] data) {
        MapFileView files = new MapFileView()
                .with("var/lib/dpkg/status", data)
                .with("var/lib/dpkg/status.d/base", data);
        AnalyzerFuzzing.packageUrls(new DpkgAnalyzer().analyze(files, null), DEBIAN);
    }
}
