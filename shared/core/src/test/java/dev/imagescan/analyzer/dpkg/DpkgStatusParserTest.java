package dev.imagescan.analyzer.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.layer.MapFileView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpkgStatusParserTest {

    private static final String STATUS = """
            Package: libbrotli1
            Status: install ok installed
            Priority: optional
            Architecture: amd64
            Multi-Arch: same
            Source: brotli (1.0.9-2)
            Version: 1.0.9-2+b6
            Description: library implementing brotli encoder and decoder (shared libraries)
             Brotli is a generic-purpose lossless compression algorithm
             .
             This package installs shared libraries.

            Package: login
            Status: install ok installed
            Architecture: amd64
            Source: shadow
            Version: 1:4.13+dfsg1-1+b1

            Package: removed-but-config
            Status: deinstall ok config-files
            Architecture: amd64
            Version: 1.0

            Package: marked-for-removal
            Status: deinstall ok installed
            Architecture: all
            Version: 2.0

            Package: half
            Status: install reinstreq half-installed
            Architecture: amd64
            Version: 3.0

            Package: pending
            Status: install ok triggers-pending
            Architecture: amd64
            Version: 4.0
            """;

    @Test
    void readsInstalledPackagesWithEpochsAndSourcePackages() {
        List<String> problems = new ArrayList<>();
        List<InstalledPackage> packages = DpkgStatusParser.parse(bytes(STATUS), "/status", problems);

        assertThat(packages).extracting(InstalledPackage::name)
                .containsExactly("libbrotli1", "login", "marked-for-removal", "pending");
        InstalledPackage brotli = packages.get(0);
        assertThat(brotli.version()).isEqualTo("1.0.9-2+b6");
        assertThat(brotli.arch()).isEqualTo("amd64");
        assertThat(brotli.sourceName()).isEqualTo("brotli");
        assertThat(brotli.sourceVersion()).isEqualTo("1.0.9-2");
        InstalledPackage login = packages.get(1);
        assertThat(login.version()).isEqualTo("1:4.13+dfsg1-1+b1");
        assertThat(login.sourceName()).isEqualTo("shadow");
        assertThat(login.sourceVersion()).isEqualTo("1:4.13+dfsg1-1+b1");
        assertThat(problems).isEmpty();
    }

    @Test
    void packageWithoutSourceFieldIsItsOwnSource() {
        List<InstalledPackage> packages = DpkgStatusParser.parse(
                bytes("Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\nArchitecture: amd64\n"),
                "/status", new ArrayList<>());

        assertThat(packages).singleElement().satisfies(p -> {
            assertThat(p.sourceName()).isEqualTo("bash");
            assertThat(p.sourceVersion()).isEqualTo("5.2.15-2+b2");
        });
    }

    @Test
    void toleratesCrlfCaseAndMalformedLinesButReportsThem() {
        List<String> problems = new ArrayList<>();
        String text = "package: a\r\nSTATUS: install ok installed\r\nversion: 1\r\ngarbage line\r\n\r\n"
                + "Package: no-version\nStatus: install ok installed\n\n";
        List<InstalledPackage> packages = DpkgStatusParser.parse(bytes(text), "/status", problems);

        assertThat(packages).extracting(InstalledPackage::name).containsExactly("a");
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("line 4").contains("not a 'Field: value' line"))
                .anySatisfy(p -> assertThat(p).contains("line 6").contains("without Package or Version"));
    }

    @Test
    void emptyAndBinaryInputGiveNoPackagesAndNoCrash() {
        assertThat(DpkgStatusParser.parse(new byte[0], "/status", new ArrayList<>())).isEmpty();
        byte[] noise = new byte[4096];
        new java.util.Random(1).nextBytes(noise);
        assertThat(DpkgStatusParser.parse(noise, "/status", new ArrayList<>())).isEmpty();
    }

    @Test
    void distrolessStatusDirectoryHasStanzasWithoutStatusAndSkipsMd5sums() {
        MapFileView files = new MapFileView()
                .with("var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n")
                .with("var/lib/dpkg/status.d/base-files.md5sums", "0123456789abcdef  etc/debian_version\n")
                .with("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u7\nArchitecture: amd64\nSource: glibc\n");

        PackageAnalysis analysis = new DpkgAnalyzer().analyze(files, null);

        assertThat(analysis.found()).isTrue();
        assertThat(analysis.packages()).extracting(InstalledPackage::name).containsExactly("base-files", "libc6");
        assertThat(analysis.problems()).isEmpty();
    }

    @Test
    void noDatabaseMeansNotFound() {
        assertThat(new DpkgAnalyzer().analyze(new MapFileView(), null).found()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
