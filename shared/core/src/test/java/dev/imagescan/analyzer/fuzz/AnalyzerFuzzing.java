package dev.imagescan.analyzer.fuzz;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.distro.PackageUrls;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.OperatingSystem;

/**
 * What the package-database harnesses do with an analysis, as the scan does with it: each package gets its package
 * URL for the distribution the database belongs to, which must not fail on a name or version read from the database.
 */
public final class AnalyzerFuzzing {
    private AnalyzerFuzzing() {}

    /** Builds the package URL of every package of {@code analysis} on {@code os}. */
    public static void packageUrls(PackageAnalysis analysis, OperatingSystem os) {
        for (InstalledPackage p : analysis.packages()) {
            PackageUrls.of(p, os);
        }
    }

    /** An operating system as {@code os-release} would name it. */
    public static OperatingSystem os(String family, String version) {
        return new OperatingSystem(family, version, family + " " + version, false, "/etc/os-release");
    }
}
