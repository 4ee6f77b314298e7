package dev.imagescan.analyzer;

import dev.imagescan.analyzer.apk.ApkAnalyzer;
import dev.imagescan.analyzer.dpkg.DpkgAnalyzer;
import dev.imagescan.analyzer.rpm.RpmAnalyzer;
import java.util.List;

/** The one place that lists every package analyzer; a new package manager is one line here. */
public final class Analyzers {
    private Analyzers() {}

    public static List<PackageAnalyzer> defaults() {
        return List.of(new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer());
    }
}
