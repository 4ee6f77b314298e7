package dev.imagescan.analyzer;

import dev.imagescan.analyzer.apk.ApkAnalyzer;
import dev.imagescan.analyzer.dotnet.DotnetAnalyzer;
import dev.imagescan.analyzer.dpkg.DpkgAnalyzer;
import dev.imagescan.analyzer.golang.GoAnalyzer;
import dev.imagescan.analyzer.java.JavaAnalyzer;
import dev.imagescan.analyzer.node.NodeAnalyzer;
import dev.imagescan.analyzer.php.ComposerAnalyzer;
import dev.imagescan.analyzer.python.PythonAnalyzer;
import dev.imagescan.analyzer.rpm.RpmAnalyzer;
import dev.imagescan.analyzer.ruby.RubyAnalyzer;
import dev.imagescan.analyzer.rust.RustAnalyzer;
import java.util.List;

/**
 * The one place that lists every package analyzer; a new package manager is one line here. The OS package managers
 * come first, then the language ecosystems' (application packages).
 */
public final class Analyzers {
    private Analyzers() {}

    public static List<PackageAnalyzer> defaults() {
        return List.of(new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(), new JavaAnalyzer(), new NodeAnalyzer(),
                new PythonAnalyzer(), new GoAnalyzer(), new RustAnalyzer(), new RubyAnalyzer(), new DotnetAnalyzer(),
                new ComposerAnalyzer());
    }
}
