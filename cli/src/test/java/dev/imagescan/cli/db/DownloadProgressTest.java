package dev.imagescan.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line: rewritten in place, at most every 200 ms, erased at the end; nothing when never shown. */
class DownloadProgressTest {

    @Test
    void rewritesInPlaceThrottledAndErasesAtTheEnd() {
        StringWriter text = new StringWriter();
        DownloadProgress progress = new DownloadProgress(new PrintWriter(text), "the database");

        progress.update(1_000_000, 80_000_000, 1000);
        progress.update(2_000_000, 80_000_000, 1100);
        progress.update(12_500_000, 80_000_000, 1250);
        progress.update(13_000_000, -1, 1500);
        progress.finish();

        assertThat(text.toString()).isEqualTo(
                "\rimagescan: downloading the database: 1.0 of 80.0 MB\u001b[K"
                        + "\rimagescan: downloading the database: 12.5 of 80.0 MB\u001b[K"
                        + "\rimagescan: downloading the database: 13.0 MB\u001b[K"
                        + "\r\u001b[K");
    }

    @Test
    void nothingShownNothingErased() {
        StringWriter text = new StringWriter();
        new DownloadProgress(new PrintWriter(text), "x").finish();

        assertThat(text.toString()).isEmpty();
    }
}
