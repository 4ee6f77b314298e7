package dev.imagescan.analyzer.golang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The build information of real Go binaries (apps/go-hello, built by Debian's Go 1.19.8; Trivy's Go 1.15.2 test
 * binary, whose pointer-format build information predates Go 1.18), the {@code -ldflags} version, and what is not one.
 */
class GoBuildInfoReducerTest {
    private final GoBuildInfoReducer reducer = new GoBuildInfoReducer();

    private byte[] reduce(byte[] file) throws IOException {
        return reducer.reduce("f", new ByteArrayInputStream(file), file.length);
    }

    @Test
    void keepsTheGoVersionAndModuleLinesOfARealBinary() throws IOException {
        String info = new String(reduce(AppImages.resource("/apps/go-hello/hello")), StandardCharsets.UTF_8);
        assertThat(info).startsWith("go\tgo1.19.8\npath\texample.com/hello\n")
                .contains("mod\texample.com/hello\t(devel)\t\n", "dep\texample.com/greet\tv1.2.3\t\n",
                        "dep\texample.com/shout\tv1.0.0\n=>\texample.com/shout2\tv1.1.0\t\n", "build\tGOOS=linux\n");
    }

    @Test
    void nothingForFilesThatAreNoGoExecutable() throws IOException {
        assertThat(reduce("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(reduce(new byte[0])).isNull();
        byte[] hello = AppImages.resource("/apps/go-hello/hello");
        // the same ELF with the magic broken: no build information
        byte[] broken = hello.clone();
        for (int i = 0; i + GoBuildInfoReducer.MAGIC.length <= broken.length; i++) {
            if (Arrays.equals(broken, i, i + GoBuildInfoReducer.MAGIC.length, GoBuildInfoReducer.MAGIC, 0,
                    GoBuildInfoReducer.MAGIC.length)) {
                broken[i + 1] = 'X';
            }
        }
        assertThat(reduce(broken)).isNull();
        // a truncated ELF header is read without failing
        assertThat(reduce(Arrays.copyOf(hello, 100))).isNull();
    }

    @Test
    void theAnalyzerTurnsItIntoModulesAndStdlib() throws IOException {
        dev.imagescan.analyzer.PackageAnalysis a = new GoAnalyzer().analyze(new dev.imagescan.layer.MapFileView()
                .with("app/server", dev.imagescan.analyzer.app.Executables.REQUEST.reducer().reduce("app/server",
                        new ByteArrayInputStream(AppImages.resource("/apps/go-hello/hello")),
                        AppImages.resource("/apps/go-hello/hello").length)), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version())
                .containsExactly("stdlib@v1.19.8", "example.com/greet@v1.2.3", "example.com/shout2@v1.1.0");
    }

    @Test
    void aGoOneFifteenBinaryIsReadThroughItsPointersInTheOnePass() throws IOException {
        // Trivy's pkg/dependency/parser/golang/binary/testdata/test.elf: Go 1.15.2, pointer-format build information
        byte[] elf = gunzip(AppImages.resource("/apps/trivy/go/test.elf.gz"));
        String info = new String(reduce(elf), StandardCharsets.UTF_8);
        assertThat(info).startsWith("go\tgo1.15.2\npath\tgithub.com/aquasecurity/test\n")
                .contains("dep\tgolang.org/x/xerrors\tv0.0.0-20200804184101-5ec99f83aff1\t");
        // read as the layer reads it: through the executable reducer, forward only, in small reads
        dev.imagescan.analyzer.PackageAnalysis a = new GoAnalyzer().analyze(new dev.imagescan.layer.MapFileView()
                .with("bin/test", dev.imagescan.analyzer.app.Executables.REQUEST.reducer().reduce("bin/test",
                        new java.io.BufferedInputStream(new ByteArrayInputStream(elf), 1000), elf.length)), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version()).containsExactly("stdlib@v1.15.2",
                "github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46",
                "github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492",
                "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1");
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void anOldBinaryWhoseStringsCannotBeFollowedStaysOld() throws IOException {
        byte[] elf = gunzip(AppImages.resource("/apps/trivy/go/test.elf.gz"));
        // the module information's sentinel broken: its bytes are not among the remembered candidates
        for (int i = 0; i + OldBuildInfo.MODINFO_START.length <= elf.length; i++) {
            if (Arrays.equals(elf, i, i + OldBuildInfo.MODINFO_START.length, OldBuildInfo.MODINFO_START, 0,
                    OldBuildInfo.MODINFO_START.length)) {
                elf[i] = 0;
            }
        }
        assertThat(new String(reduce(elf), StandardCharsets.UTF_8)).isEqualTo("old\n");
    }

    @Test
    void theMainModuleVersionStampedByLdflagsAsTrivyReadsIt() {
        String m = "github.com/o/tool";
        assertThat(LdflagsVersion.of(m, "\"-w -X main.version=v1.0.0\"")).isEqualTo("v1.0.0");
        assertThat(LdflagsVersion.of(m, "\"-s -X 'main.Version=1.2.3' -X main.commit=abc\"")).isEqualTo("v1.2.3");
        assertThat(LdflagsVersion.of(m, "-X=github.com/o/tool/pkg/version.ver=2.0.0")).isEqualTo("v2.0.0");
        // the module's own cmd/ packages first, then the usual package names, then any other
        assertThat(LdflagsVersion.of(m, "\"-X github.com/o/tool/cmd/x.version=3.0.0 -X main.version=1.0.0\""))
                .isEqualTo("v3.0.0");
        assertThat(LdflagsVersion.of(m, "\"-X other/pkg.version=4.0.0 -X main.version=1.0.0\""))
                .isEqualTo("v1.0.0");
        // two in the same rank, no version-like key, no semantic version: none
        assertThat(LdflagsVersion.of(m, "\"-X main.version=1.0.0 -X version.Version=2.0.0\"")).isNull();
        assertThat(LdflagsVersion.of(m, "\"-X main.commit=1.0.0\"")).isNull();
        assertThat(LdflagsVersion.of(m, "\"-X main.version=dev\"")).isNull();
        assertThat(LdflagsVersion.of(m, "-w")).isNull();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
