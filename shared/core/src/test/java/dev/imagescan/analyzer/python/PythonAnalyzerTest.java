package dev.imagescan.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEP 503 names and the metadata files read. */
class PythonAnalyzerTest {

    @ParameterizedTest
    @CsvSource({"Django,django", "zope.interface,zope-interface", "ruamel_yaml,ruamel-yaml",
        "Foo__Bar-._baz,foo-bar-baz", "' PyYAML ',pyyaml"})
    void namesAreNormalisedPerPep503(String name, String normalised) {
        assertThat(PythonAnalyzer.normalize(name)).isEqualTo(normalised);
    }

    @Test
    void distInfoEggInfoDirectoriesAndEggInfoFiles() {
        PackageAnalysis a = new PythonAnalyzer().analyze(new MapFileView()
                .with("usr/lib/python3.11/site-packages/Zope.Interface-6.0.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: zope.interface\nVersion: 6.0\n\nName: not-this\n")
                .with("usr/local/lib/python3.11/dist-packages/six-1.16.0.egg-info/PKG-INFO",
                        "Metadata-Version: 1.2\r\nName: six\r\nVersion: 1.16.0\r\n")
                .with("usr/lib/python3/dist-packages/chardet-5.1.0.egg-info", "Name: chardet\nVersion: 5.1.0\n")
                .with("usr/lib/python3/dist-packages/broken.dist-info/METADATA", "Metadata-Version: 2.1\n")
                .with("home/me/notes/x.dist-info/METADATA", "Name: outside\nVersion: 1\n"), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version() + " " + p.app().application())
                .containsExactlyInAnyOrder("chardet@5.1.0 usr/lib/python3/dist-packages",
                        "six@1.16.0 usr/local/lib/python3.11/dist-packages",
                        "zope-interface@6.0 usr/lib/python3.11/site-packages");
        assertThat(a.problems()).containsExactly(
                "/usr/lib/python3/dist-packages/broken.dist-info/METADATA: no Name and Version headers; skipped");
    }
}
