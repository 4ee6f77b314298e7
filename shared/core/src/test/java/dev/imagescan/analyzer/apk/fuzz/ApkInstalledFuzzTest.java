package dev.imagescan.analyzer.apk.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.apk.ApkAnalyzer;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the apk analyzer on {@code /lib/apk/db/installed}. The parser reports bad records as problems and throws
 * nothing: any exception, hang or OutOfMemoryError is a finding.
 */
class ApkInstalledFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void installedFile(byte[] data) {
        new ApkAnalyzer().analyze(new MapFileView().with("lib/apk/db/installed", data), null);
    }
}
