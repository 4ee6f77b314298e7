package dev.imagescan.analyzer.apk.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.apk.ApkAnalyzer;
import dev.imagescan.analyzer.fuzz.AnalyzerFuzzing;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.layer.MapFileView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the apk analyzer on {@code /lib/apk/db/installed}. The parser reports bad records as problems and throws
 * nothing, and every package gets its package URL as in a scan: any exception, hang or OutOfMemoryError is a finding.
 */
class ApkInstalledFuzzTest {
    private static final OperatingSystem ALPINE = AnalyzerFuzzing.os("alpine", "3.20.3");

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new ApkInstalledFuzzTest().installedFile("P:a\nV:1-r0\n".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void installedFile(byte[] data) {
        AnalyzerFuzzing.packageUrls(new ApkAnalyzer().analyze(new MapFileView().with("lib/apk/db/installed", data),
                null), ALPINE);
    }
}
