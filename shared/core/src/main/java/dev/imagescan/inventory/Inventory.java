package dev.imagescan.inventory;

import java.util.List;

/**
 * The result of inventorying an image: what it is, its operating system, its OS packages (sorted by name, arch,
 * version), and warnings about things that did not stop the scan.
 *
 * @param analyzers the analyzers that ran, as {@code name/version}; a change there can change the result
 */
public record Inventory(ImageSummary image, OperatingSystem os, List<Package> packages, List<String> warnings,
        List<String> analyzers) {
    public Inventory {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
        analyzers = List.copyOf(analyzers);
    }
}
