package dev.imagescan.analyzer.dpkg.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.dpkg.DpkgAnalyzer;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the dpkg analyzer on one {@code /var/lib/dpkg/status} file and one distroless {@code status.d/} file. The
 * parser reports bad stanzas as problems and throws nothing: any exception, hang or OutOfMemoryError is a finding.
 * Seeds and regression inputs: {@code DpkgStatusFuzzTestInputs/statusFile/} (docs/fuzzing.md).
 */
class DpkgStatusFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void statusFile(byte[] data) {
        MapFileView files = new MapFileView()
                .with("var/lib/dpkg/status", data)
                .with("var/lib/dpkg/status.d/base", data);
        new DpkgAnalyzer().analyze(files, null);
    }
}
