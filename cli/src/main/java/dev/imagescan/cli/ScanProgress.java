package dev.imagescan.cli;

import dev.imagescan.cli.db.DownloadProgress;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.scan.ScanListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.function.LongSupplier;

/**
 * The progress of a scan's layer reads on a terminal, in the line a database download draws
 * ({@link DownloadProgress}): {@code imagescan: pulling ghcr.io/org/app:1 (3 layers): 12.5 of 80.0 MB} for an image in
 * a registry, {@code imagescan: reading big.tar (3 layers): …} for a file; erased when the layers are read. Shown
 * only once reading has taken {@value #DELAY_MS} ms, so that a small scan never flashes a line, and redrawn by a
 * timer as well as by arriving bytes, so that a stalled download still shows where it stands. Layers the layer cache
 * answers count as read. Thread-safe: layers are read on several threads.
 */
final class ScanProgress implements ScanListener {
    /** How long layer reading runs before the line appears. */
    static final long DELAY_MS = 500;
    /** How often the timer redraws the line. */
    static final long TICK_MS = 250;

    private final PrintWriter err;
    private final String verb;
    private final String name;
    private final LongSupplier clockMs;
    private final boolean ticking;
    private Timer timer;
    private DownloadProgress line;
    private long startedAt;
    private long total;
    private long done;

    /**
     * @param verb    {@code pulling} or {@code reading}
     * @param name    the image as the user named it
     * @param clockMs the time in milliseconds (any origin)
     */
    ScanProgress(PrintWriter err, String verb, String name, LongSupplier clockMs) {
        this(err, verb, name, clockMs, false);
    }

    private ScanProgress(PrintWriter err, String verb, String name, LongSupplier clockMs, boolean ticking) {
        this.err = err;
        this.verb = verb;
        this.name = name;
        this.clockMs = clockMs;
        this.ticking = ticking;
    }

    /** A progress line on {@code err} timed by the system's clock, redrawn every {@value #TICK_MS} ms. */
    static ScanProgress on(PrintWriter err, String verb, String name) {
        return new ScanProgress(err, verb, name, () -> System.nanoTime() / 1_000_000, true);
    }

    @Override
    public synchronized void layersToRead(List<LayerDescriptor> layers) {
        total = 0;
        for (LayerDescriptor layer : layers) {
            total = layer.size() < 0 || total < 0 ? -1 : total + layer.size();
        }
        startedAt = clockMs.getAsLong();
        line = new DownloadProgress(err, verb, name + " (" + layers.size() + (layers.size() == 1 ? " layer)"
                : " layers)"));
        if (ticking && timer == null) {
            timer = new Timer("imagescan-progress", true);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    tick();
                }
            }, DELAY_MS, TICK_MS);
        }
    }

    private synchronized void tick() {
        show();
    }

    @Override
    public synchronized void blobBytesRead(LayerDescriptor layer, long bytes) {
        done += bytes;
        show();
    }

    @Override
    public synchronized void layerFromCache(LayerDescriptor layer) {
        done += Math.max(0, layer.size());
        show();
    }

    /** Erases the line, if one was shown. */
    synchronized void finish() {
        if (timer != null) {
            timer.cancel();
        }
        if (line != null) {
            line.finish();
            line = null;
        }
    }

    private void show() {
        long now = clockMs.getAsLong();
        if (line == null || now - startedAt < DELAY_MS) {
            return;
        }
        line.update(done, done > total ? -1 : total, now); // re-reads for links may pass the total
    }
}
