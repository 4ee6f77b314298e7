package dev.imagescan;

import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.image.Platform;
import dev.imagescan.layer.LayerLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * How to scan.
 *
 * @param platform   which platform of a multi-platform image; null = linux/amd64 when there is a choice
 * @param limits     bounds on each layer (size, compression ratio) against bombs
 * @param scratchDir where the scan's private scratch directory goes; null = the JVM's temporary directory
 * @param analyzers  the package analyzers to run
 * @param threads    how many layers to read at once
 */
public record ScanOptions(Platform platform, LayerLimits limits, Path scratchDir, List<PackageAnalyzer> analyzers,
        int threads) {

    public ScanOptions {
        analyzers = List.copyOf(analyzers);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static ScanOptions defaults() {
        return new ScanOptions(null, LayerLimits.DEFAULT, null, Analyzers.defaults(),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public ScanOptions withPlatform(Platform p) {
        return new ScanOptions(p, limits, scratchDir, analyzers, threads);
    }

    public ScanOptions withLimits(LayerLimits l) {
        return new ScanOptions(platform, l, scratchDir, analyzers, threads);
    }

    public ScanOptions withScratchDir(Path dir) {
        return new ScanOptions(platform, limits, dir, analyzers, threads);
    }
}
