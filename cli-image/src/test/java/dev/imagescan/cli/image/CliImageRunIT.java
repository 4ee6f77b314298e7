package dev.imagescan.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI's image runs: its layers unpacked into a root file system and its entry point started there by bubblewrap
 * (no Docker), as its user 65532, with its environment and working directory, and no network. The jlink'd JRE must
 * start on the image's own Debian libraries, print the version, scan the Alpine 3.20 archive bound into the
 * container exactly as the CLI jar scans it on the host (bundled database, same findings), and trust the CAs of the
 * image's ca-certificates. Skipped where the kernel refuses user namespaces (bwrap's message says why), and where
 * bwrap is missing unless {@code CI} is set (.ci/run installs bubblewrap), where that fails.
 */
class CliImageRunIT {
    private static final Path IMAGE = Path.of("target", "imagescan-image.tar");
    private static final Path CLI = Path.of("..", "cli", "target", "imagescan.jar");
    private static final Path ALPINE = Path.of("..", "shared", "testing", "src", "main", "resources", "images",
            "alpine-3.20.3.oci.tar");
    private static final Path WORK = Path.of("target", "run-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox container;

    @BeforeAll
    static void unpack() throws Exception {
        Sandbox.Availability sandbox = Sandbox.availability();
        if (!sandbox.installed() && System.getenv("CI") != null) {
            fail(sandbox.problem() + "; CI installs bubblewrap (.ci/run)");
        }
        Assumptions.assumeTrue(sandbox.available(), sandbox::problem);
        assertThat(IMAGE).as("run `mvn package` first").isRegularFile();
        delete(WORK);
        OciImageArchive image = OciImageArchive.open(IMAGE, WORK.resolve("layout"));
        container = Sandbox.unpack(image, WORK.resolve("rootfs"));
    }

    @Test
    void itsEntryPointPrintsTheVersionTheCliJarPrints() throws Exception {
        Sandbox.Result inImage = container.run(null, "--version");
        assertThat(inImage.exit()).as(inImage.output()).isZero();
        assertThat(inImage.output().strip()).isEqualTo(hostCli("--version").strip()).startsWith("imagescan ");
    }

    @Test
    void itScansAnArchiveMountedInAsTheCliJarDoes() throws Exception {
        Path inImageReport = WORK.resolve("in-image.json");
        Sandbox.Result run = container.withReadOnlyFile(ALPINE, "/work/alpine.oci.tar")
                .run(inImageReport, "scan", "alpine.oci.tar", "--format", "json", "--offline");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).as("it says which database it used").contains("bundled snapshot");
        Path hostReport = WORK.resolve("host.json");
        hostCli("scan", ALPINE.toString(), "--format", "json", "--offline", "-q", "--output", hostReport.toString());

        JsonNode inImage = JSON.readTree(inImageReport.toFile());
        JsonNode host = JSON.readTree(hostReport.toFile());
        assertThat(inImage.at("/os/family").asText()).isEqualTo("alpine");
        assertThat(inImage.at("/os/version").asText()).isEqualTo("3.20.3");
        assertThat(inImage.at("/image/manifestDigest")).isEqualTo(host.at("/image/manifestDigest"));
        assertThat(inImage.at("/database/version")).isEqualTo(host.at("/database/version"));
        assertThat(inImage.path("packages")).isEqualTo(host.path("packages"));
        assertThat(findings(inImage)).isNotEmpty().isEqualTo(findings(host));
    }

    @Test
    void itsJreTrustsTheCasOfItsCaCertificatesPackage() throws Exception {
        String bundle = Files.readString(WORK.resolve("rootfs/etc/ssl/certs/ca-certificates.crt"));
        int cas = bundle.split("-----BEGIN CERTIFICATE-----", -1).length - 1;
        assertThat(cas).as("Mozilla's CA list in ca-certificates").isGreaterThan(100);

        Sandbox.Result keytool = container.runProgram("/opt/java/bin/keytool", "-list", "-cacerts",
                "-storepass", "changeit");
        assertThat(keytool.exit()).as(keytool.output()).isZero();
        assertThat(keytool.output()).contains("Your keystore contains " + cas + " entries")
                .contains("debian:isrg_root_x1.pem");
    }

    private static List<String> findings(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.path("findings").forEach(f -> ids.add(f.path("id").asText() + " " + f.at("/package/name").asText()
                + " " + f.at("/package/version").asText() + " " + f.path("severity").asText()));
        ids.sort(null);
        return ids;
    }

    /** Runs the CLI jar on the host (the reference the image must agree with); its standard output. */
    private static String hostCli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", CLI.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(Files.createDirectories(WORK), "host", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the host CLI finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
