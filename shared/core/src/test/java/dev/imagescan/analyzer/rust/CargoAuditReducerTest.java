package dev.imagescan.analyzer.rust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.analyzer.app.Executables;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.layer.MapFileView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code .dep-v0} section found while the executable streams by: in two binaries built by cargo-auditable itself
 * (osv-scalibr's and Trivy's test binaries), in the binary of {@code apps/rust-untar} (given the section by
 * {@code objcopy}, after every loaded segment, as cargo-auditable places it), in a small file's first bytes
 * (read by the Go part before), and nowhere; a cut-short or oversized stream keeps nothing.
 */
class CargoAuditReducerTest {
    static final byte[] UNTAR = AppImages.resource("/apps/rust-untar/untar");
    static final byte[] JSON = AppImages.resource("/apps/rust-untar/src/dep-v0.json");

    private static byte[] reduce(byte[] file) throws IOException {
        return Executables.REQUEST.reducer().reduce("f", new ByteArrayInputStream(file), file.length);
    }

    @Test
    void theSectionOfARealBinaryWhileItStreams() throws Exception {
        byte[] kept = reduce(UNTAR);
        MapFileView files = new MapFileView().with("usr/local/bin/untar", kept);
        assertThat(Executables.part(files, "usr/local/bin/untar", "go")).isEmpty();
        byte[] compressed = Executables.part(files, "usr/local/bin/untar", "cargo").orElseThrow();
        assertThat(RustAnalyzer.inflate(compressed)).isEqualTo(JSON);
        assertThat(compressed.length).isLessThan(200);
    }

    @Test
    void aSectionInTheFirstBytesIsFoundAfterTheGoPartReadThem() throws Exception {
        byte[] small = new byte[3000];
        System.arraycopy(UNTAR, 0, small, 0, 64); // an ELF header, then the section's bytes
        byte[] z = zlib(JSON);
        System.arraycopy(z, 0, small, 1000, z.length);
        assertThat(RustAnalyzer.inflate(Executables.part(new MapFileView().with("a", reduce(small)), "a", "cargo")
                .orElseThrow())).isEqualTo(JSON);
    }

    @Test
    void noSectionACutStreamOrOtherZlibDataKeepNothing() throws IOException {
        byte[] z = zlib(JSON);
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(Arrays.copyOf(UNTAR, 0x53000)))).isNull();
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(Arrays.copyOf(z, z.length - 20)))).isNull();
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(zlib("{\"pkgs\":[]}".getBytes())))).isNull();
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(new byte[0]))).isNull();
        // a file that is not ELF is not scanned, whatever it holds
        byte[] notElf = new byte[4000];
        System.arraycopy(z, 0, notElf, 100, z.length);
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(notElf))).isNotNull();
        assertThat(new CargoAuditReducer().reduce("f", new ByteArrayInputStream(notElf), notElf.length)).isNull();
        byte[] bomb = zlib(("{\"packages\":[" + " ".repeat(CargoAuditReducer.MAX_JSON) + "]}").getBytes());
        assertThat(CargoAuditReducer.find(new ByteArrayInputStream(bomb))).isNull();
    }

    @Test
    void theAnalyzerKeepsRuntimeCratesFromCratesIo() throws IOException {
        PackageAnalysis a = new RustAnalyzer().analyze(new MapFileView().with("opt/untar", reduce(UNTAR)), null);
        assertThat(a.packages()).extracting(InstalledPackage::name)
                .containsExactly("filetime", "libc", "tar", "xattr");
        List<InstalledPackage> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        RustAnalyzer.read("x", zlib("{\"packages\":[{\"name\":\"a\"}]".getBytes()), out, problems);
        RustAnalyzer.read("y", zlib("{\"packages\":[{\"name\":\"a\"}]}".getBytes()), out, problems);
        RustAnalyzer.read("z", Arrays.copyOf(zlib(JSON), 20), out, problems);
        assertThat(out).isEmpty();
        assertThat(problems).hasSize(3).contains(
                "/y: a cargo-auditable package without a name and version; skipped",
                "/z: cargo-auditable data unreadable (the zlib stream is cut short); skipped");
    }

    static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void aBinaryBuiltByCargoAuditableGivesItsCratesIoCrates() throws IOException {
        // osv-scalibr's uses_serde_json, built by `cargo auditable build` (apps/trivy/README.md): a PIE with
        // symbols, its .dep-v0 section 237 bytes at 0x6b0c1 of 529,072
        byte[] real = AppImages.resource("/apps/trivy/rust/uses_serde_json");
        PackageAnalysis a = new RustAnalyzer().analyze(new MapFileView().with("usr/local/bin/uses_json",
                reduce(real)), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version() + " " + p.app().purl()).containsExactly(
                "itoa@1.0.14 pkg:cargo/itoa@1.0.14", "memchr@2.7.4 pkg:cargo/memchr@2.7.4",
                "proc-macro2@1.0.92 pkg:cargo/proc-macro2@1.0.92", "quote@1.0.38 pkg:cargo/quote@1.0.38",
                "ryu@1.0.18 pkg:cargo/ryu@1.0.18", "serde@1.0.217 pkg:cargo/serde@1.0.217",
                "serde_derive@1.0.217 pkg:cargo/serde_derive@1.0.217",
                "serde_json@1.0.135 pkg:cargo/serde_json@1.0.135", "syn@2.0.95 pkg:cargo/syn@2.0.95",
                "unicode-ident@1.0.14 pkg:cargo/unicode-ident@1.0.14");
        assertThat(a.packages()).allSatisfy(p -> assertThat(p.app().evidence()).isEqualTo("cargo-auditable"));
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void aWorkspaceOfLocalCratesGivesNoCratesIoPackage() throws Exception {
        // Trivy's pkg/dependency/parser/rust/binary/testdata/test.elf: cargo-auditable's workspace fixture, whose
        // two crates are both "source": "local"
        byte[] real = AppImages.resource("/apps/trivy/rust/test.elf");
        byte[] kept = reduce(real);
        assertThat(new String(RustAnalyzer.inflate(Executables.part(new MapFileView().with("a", kept), "a", "cargo")
                .orElseThrow()), java.nio.charset.StandardCharsets.UTF_8)).contains("\"name\":\"library_crate\"");
        PackageAnalysis a = new RustAnalyzer().analyze(new MapFileView().with("usr/local/bin/x", kept), null);
        assertThat(a.packages()).isEmpty();
        assertThat(a.problems()).isEmpty();
    }
}
