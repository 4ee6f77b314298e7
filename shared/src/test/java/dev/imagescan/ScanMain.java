package dev.imagescan;

import dev.imagescan.inventory.Inventory;
import java.nio.file.Path;

/** Scans one image and prints "packages=N layers=M": run in a separate JVM by tests that bound its heap. */
public final class ScanMain {
    private ScanMain() {}

    public static void main(String[] args) {
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(Path.of(args[0]));
        System.out.println("packages=" + inventory.packages().size() + " layers=" + inventory.image().layers().size());
    }
}
