package dev.imagescan.scan;

import dev.imagescan.cache.DirectoryLayerCache;
import dev.imagescan.inventory.Inventory;
import java.nio.file.Path;

/**
 * Scans one image and prints "packages=N layers=M": run in a separate JVM by tests that bound its heap. With a second
 * argument, layers go through a {@link DirectoryLayerCache} in that directory and the line adds "read=R cached=C".
 */
public final class ScanMain {
    private ScanMain() {}

    public static void main(String[] args) {
        ScanOptions options = ScanOptions.defaults();
        ScanStats stats = new ScanStats();
        if (args.length > 1) {
            options = options.withLayerCache(new DirectoryLayerCache(Path.of(args[1]))).withListener(stats);
        }
        Inventory inventory = new ImageScanner(options).scan(Path.of(args[0]));
        String line = "packages=" + inventory.packages().size() + " layers=" + inventory.image().layers().size();
        if (args.length > 1) {
            line += " read=" + stats.layersRead().size() + " cached=" + stats.layersFromCache().size()
                    + " problems=" + stats.cacheProblems();
        }
        System.out.println(line);
    }
}
