package dev.imagescan.cli.db;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A download's progress on a terminal: one line, {@code imagescan: downloading the database: 12.5 of 80.0 MB},
 * rewritten in place (carriage return) at most every {@value #INTERVAL_MS} ms, and erased when the download ends.
 * Only for a terminal: in a log, a pipe or CI it would be noise.
 */
public final class DownloadProgress {
    private static final long INTERVAL_MS = 200;

    private final PrintWriter err;
    private final String verb;
    private final String what;
    private long shownAt;
    private boolean shown;

    /** @param what what is downloaded, for the line ({@code the database}) */
    public DownloadProgress(PrintWriter err, String what) {
        this(err, "downloading", what);
    }

    /**
     * @param verb what is done, for the line ({@code pulling}, {@code reading})
     * @param what what it is done to ({@code alpine:3.20 (3 layers)})
     */
    public DownloadProgress(PrintWriter err, String verb, String what) {
        this.err = err;
        this.verb = verb;
        this.what = what;
    }

    /** {@code done} bytes of {@code total} (-1 when the server did not say) have arrived at {@code nowMs}. */
    public void update(long done, long total, long nowMs) {
        if (shown && nowMs - shownAt < INTERVAL_MS) {
            return;
        }
        shownAt = nowMs;
        shown = true;
        err.print("\rimagescan: " + verb + " " + what + ": " + mb(done)
                + (total > 0 ? " of " + mb(total) : "") + " MB\u001b[K");
        err.flush();
    }

    /** Erases the line, if one was shown. */
    public void finish() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_000_000.0);
    }
}
