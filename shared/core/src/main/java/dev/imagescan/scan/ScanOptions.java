package dev.imagescan.scan;

import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.image.Platform;
import dev.imagescan.layer.LayerLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to scan.
 *
 * @param platform   which platform of a multi-platform image; null = linux/amd64 when there is a choice
 * @param limits     bounds on each layer (size, compression ratio) against bombs
 * @param scratchDir where the scan's private scratch directory goes; null = the JVM's temporary directory
 * @param analyzers  the package analyzers to run
 * @param threads    how many layers to read at once
 * @param layerCache where layers already read are found and newly read ones stored; null = none (every layer is read)
 * @param listener   told how each layer was obtained ({@link ScanStats} counts)
 */
public record ScanOptions(Platform platform, LayerLimits limits, Path scratchDir, List<PackageAnalyzer> analyzers,
        int threads, LayerCache layerCache, ScanListener listener) {

    public ScanOptions {
        analyzers = List.copyOf(analyzers);
        Objects.requireNonNull(listener, "listener");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static ScanOptions defaults() {
        return new ScanOptions(null, LayerLimits.DEFAULT, null, Analyzers.defaults(),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), null, ScanListener.NONE);
    }

    public ScanOptions withPlatform(Platform p) {
        return new ScanOptions(p, limits, scratchDir, analyzers, threads, layerCache, listener);
    }

    public ScanOptions withLimits(LayerLimits l) {
        return new ScanOptions(platform, l, scratchDir, analyzers, threads, layerCache, listener);
    }

    public ScanOptions withScratchDir(Path dir) {
        return new ScanOptions(platform, limits, dir, analyzers, threads, layerCache, listener);
    }

    /** Reads layers through {@code cache} (null: no cache). */
    public ScanOptions withLayerCache(LayerCache cache) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, threads, cache, listener);
    }

    public ScanOptions withListener(ScanListener l) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, threads, layerCache, l);
    }
}
