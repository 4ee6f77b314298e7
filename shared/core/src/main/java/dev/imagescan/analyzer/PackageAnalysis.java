package dev.imagescan.analyzer;

import dev.imagescan.inventory.InstalledPackage;
import java.util.List;

/**
 * What a package analyzer found: the packages, and problems it stepped over (a malformed stanza, a bad header) that
 * the user should hear about.
 *
 * @param found whether the analyzer's database was present at all
 */
public record PackageAnalysis(boolean found, List<InstalledPackage> packages, List<String> problems) {
    public static final PackageAnalysis NONE = new PackageAnalysis(false, List.of(), List.of());

    public PackageAnalysis {
        packages = List.copyOf(packages);
        problems = List.copyOf(problems);
    }
}
