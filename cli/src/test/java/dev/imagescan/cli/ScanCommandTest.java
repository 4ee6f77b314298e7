package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.IndexBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.Tamper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();

    @TempDir
    Path dir;

    @Test
    void packageTableOfTheBundledImage() {
        CliRun run = CliRun.of("scan", "--format", "packages", ALPINE);

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("Image:    alpine-3.20.3.oci.tar (oci-archive, linux/amd64)")
                .contains("OS:       alpine 3.20.3 (Alpine Linux v3.20)")
                .contains("Packages: 14")
                .containsPattern("\\nlibcrypto3 +3\\.3\\.2-r0 +x86_64 +openssl +1 sha256:1bccf10afce5\\n");
    }

    @Test
    void inventoryJsonToAFileFollowsTheSchema() throws IOException {
        Path out = dir.resolve("inventory.json");
        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", out.toString(), ALPINE);

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(JsonSchemas.inventoryProblems(json)).isEmpty();
        assertThat(json.get("packages")).hasSize(14);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void cycloneDxToStdoutIsValid() throws Exception {
        CliRun run = CliRun.of("scan", "-f", "CycloneDX", ALPINE);

        assertThat(run.status()).isZero();
        assertThat(new JsonParser().validate(run.out().getBytes(StandardCharsets.UTF_8), Version.VERSION_15)).isEmpty();
        assertThat(run.out()).contains("\"purl\" : \"pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3\"");
    }

    @Test
    void platformOption() throws IOException {
        Path image = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "arm64")
                        .layer(LayerBuilder.layer().file("etc/alpine-release", "3.20.3\n").file("lib/apk/db/installed", "P:arm\nV:1\n")))
                .add(ImageBuilder.image().platform("linux", "amd64")
                        .layer(LayerBuilder.layer().file("etc/alpine-release", "3.20.3\n").file("lib/apk/db/installed", "P:amd\nV:1\n")))
                .writeOciLayout(dir.resolve("multi"));

        assertThat(CliRun.of("scan", "-f", "packages", image.toString()).out()).contains("\namd ");
        assertThat(CliRun.of("scan", "-f", "packages", "--platform", "linux/arm64", image.toString()).out()).contains("\narm ");
        CliRun missing = CliRun.of("scan", "--platform", "windows/amd64", image.toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("imagescan: error: multi: no image for platform windows/amd64 "
                + "(the index has linux/arm64, linux/amd64); choose one with --platform\n");
    }

    @Test
    void badInputsAreOneLineOnStderrWithoutStackTrace() throws IOException {
        BuiltImage good = ImageBuilder.image()
                .layer(LayerBuilder.layer().file("etc/alpine-release", "3.20.3\n").compression(Compression.GZIP)).build();
        String layer = good.layers().get(0).digest();
        Path truncated = good.writeOciArchive(dir.resolve("truncated.tar"), Tamper.tamper().truncateBlob(layer, 20));
        Path mismatch = good.writeOciArchive(dir.resolve("mismatch.tar"),
                Tamper.tamper().replaceBlob(layer, LayerBuilder.layer().file("x", "y").compression(Compression.GZIP).build().blob()));
        Path encrypted = good.writeOciArchive(dir.resolve("encrypted.tar"),
                Tamper.tamper().layerMediaType(0, "application/vnd.oci.image.layer.v1.tar+gzip+encrypted"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image\n".repeat(100));
        Path corrupt = Files.write(dir.resolve("corrupt.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7});

        assertOneLineError(CliRun.of("scan", dir.resolve("missing.tar").toString()), "missing.tar: no such file or directory");
        assertOneLineError(CliRun.of("scan", text.toString()), "notes.txt: not an image");
        assertOneLineError(CliRun.of("scan", truncated.toString()), "truncated gzip data");
        assertOneLineError(CliRun.of("scan", mismatch.toString()), "the manifest says " + layer);
        assertOneLineError(CliRun.of("scan", encrypted.toString()), "+encrypted, which is not a layer type");
        assertOneLineError(CliRun.of("scan", corrupt.toString()), "corrupt.tar.gz: ");
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun run = CliRun.of("scan", "--debug", dir.resolve("missing.tar").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("imagescan: error: ").contains("\tat dev.imagescan.");
    }

    @Test
    void failedScanLeavesNoOutputFile() {
        Path out = dir.resolve("out.json");
        CliRun run = CliRun.of("scan", "-f", "json", "-o", out.toString(), dir.resolve("missing.tar").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRun badFormat = CliRun.of("scan", "-f", "xml", ALPINE);
        CliRun noImage = CliRun.of("scan");
        CliRun badPlatform = CliRun.of("scan", "--platform", "amd64", ALPINE);

        CliRun unknownOption = CliRun.of("scan", "--colour", ALPINE);
        CliRun unknownCommand = CliRun.of("inspect", ALPINE);
        CliRun nothing = CliRun.of();

        assertThat(badFormat.status()).isEqualTo(2);
        assertThat(badFormat.err()).isEqualTo("imagescan scan: unknown format 'xml'; choose one of table, json, sarif, cyclonedx-vex, gitlab, html, verdict, cyclonedx, spdx-json, inventory, packages\n"
                + "Run 'imagescan scan --help' for usage.\n");
        assertThat(noImage.status()).isEqualTo(2);
        assertThat(noImage.err()).startsWith("imagescan scan: missing IMAGE");
        assertThat(badPlatform.status()).isEqualTo(2);
        assertThat(badPlatform.err()).contains("is not of the form os/arch[/variant]");
        assertThat(unknownOption.status()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("imagescan scan: Unrecognized option: --colour");
        assertThat(unknownCommand.status()).isEqualTo(2);
        assertThat(unknownCommand.err()).startsWith("imagescan: unknown command 'inspect'");
        assertThat(nothing.status()).isEqualTo(2);
        assertThat(nothing.err()).contains("Usage: imagescan COMMAND");
    }

    @Test
    void maxLayerSizeOption() {
        CliRun run = CliRun.of("scan", "--max-layer-size", "1m", ALPINE);

        assertOneLineError(run, "decompresses to more than 1048576 bytes (the per-layer limit)");
    }

    @Test
    void maxScanTimeOption() {
        CliRun ok = CliRun.of("scan", "--max-scan-time", "5m", ALPINE);
        CliRun bad = CliRun.of("scan", "--max-scan-time", "5 minutes", ALPINE);

        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-scan-time: '5 minutes' is not a duration such as 90s, 45m or 2h");
        assertThat(CliRun.of("help", "scan").out()).contains("--max-scan-time").contains("Default: 30m");
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRun.of("--version").out()).startsWith("imagescan ");
        assertThat(CliRun.of("--help").out()).contains("scan IMAGE");
        assertThat(CliRun.of("scan", "--help").out()).contains("docker-archive").contains("--platform").contains("Exit status");
        assertThat(CliRun.of("help", "scan").out()).contains("--max-layer-size");
    }

    private static void assertOneLineError(CliRun run, String fragment) {
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("imagescan: error: ").contains(fragment).doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }
}
