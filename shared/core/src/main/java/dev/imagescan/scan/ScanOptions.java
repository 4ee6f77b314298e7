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
 * @param budget     what the whole scan of one image may cost (uncompressed bytes, time)
 */
public record ScanOptions(Platform platform, LayerLimits limits, Path scratchDir, List<PackageAnalyzer> analyzers,
        int threads, LayerCache layerCache, ScanListener listener, ScanBudget budget) {

    public ScanOptions {
        analyzers = List.copyOf(analyzers);
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(budget, "budget");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Options with the budget that goes with {@code limits} ({@link ScanBudget#forLayers}). */
    public ScanOptions(Platform platform, LayerLimits limits, Path scratchDir, List<PackageAnalyzer> analyzers,
            int threads, LayerCache layerCache, ScanListener listener) {
        this(platform, limits, scratchDir, analyzers, threads, layerCache, listener, ScanBudget.forLayers(limits));
    }

    public static ScanOptions defaults() {
        return new ScanOptions(null, LayerLimits.DEFAULT, null, Analyzers.defaults(),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), null, ScanListener.NONE);
    }

    public ScanOptions withPlatform(Platform p) {
        return new ScanOptions(p, limits, scratchDir, analyzers, threads, layerCache, listener, budget);
    }

    /**
     * Bounds each layer by {@code l}; the byte budget becomes {@link ScanBudget#LAYERS_OF_BYTES} times its layer limit
     * (the time budget is kept). Call {@link #withBudget} after it to choose another.
     */
    public ScanOptions withLimits(LayerLimits l) {
        ScanBudget b = budget.withMaxUncompressedBytes(ScanBudget.forLayers(l).maxUncompressedBytes());
        return new ScanOptions(platform, l, scratchDir, analyzers, threads, layerCache, listener, b);
    }

    public ScanOptions withScratchDir(Path dir) {
        return new ScanOptions(platform, limits, dir, analyzers, threads, layerCache, listener, budget);
    }

    /** Reads layers through {@code cache} (null: no cache). */
    public ScanOptions withLayerCache(LayerCache cache) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, threads, cache, listener, budget);
    }

    public ScanOptions withListener(ScanListener l) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, threads, layerCache, l, budget);
    }

    /** Bounds the whole scan of an image by {@code b}. */
    public ScanOptions withBudget(ScanBudget b) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, threads, layerCache, listener, b);
    }

    /** Reads up to {@code n} layers at once. */
    public ScanOptions withThreads(int n) {
        return new ScanOptions(platform, limits, scratchDir, analyzers, n, layerCache, listener, budget);
    }
}
