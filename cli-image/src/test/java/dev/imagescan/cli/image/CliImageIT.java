package dev.imagescan.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scanner scans its own image: {@code target/imagescan-image.tar}, built by Jib in {@code package}, read by the
 * CLI jar run as a process. It must find the image's Debian packages (the base made from the committed Debian 12
 * package database) and the jars the image ships in {@code /app/libs}, with the versions this build used.
 */
class CliImageIT {
    private static final Path IMAGE = Path.of("target", "imagescan-image.tar");
    private static final Path CLI = Path.of("..", "cli", "target", "imagescan.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCliFindsItsOwnImagesOsPackagesAndJars() throws Exception {
        assertThat(IMAGE).as("run `mvn package` first").isRegularFile();
        Path out = Files.createTempFile(Path.of("target"), "self-scan", ".json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                CLI.toString(), "scan", IMAGE.toString(), "--format", "inventory", "--output", out.toString(), "-q")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        JsonNode inventory = JSON.readTree(out.toFile());

        assertThat(inventory.at("/os/family").asText()).isEqualTo("debian");
        assertThat(inventory.at("/os/version").asText()).startsWith("12.");
        List<String> debs = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        for (JsonNode pkg : inventory.path("packages")) {
            String row = pkg.path("name").asText() + " " + pkg.path("version").asText();
            switch (pkg.path("type").asText()) {
                case "deb" -> debs.add(row);
                case "maven" -> jars.add(row + " " + pkg.at("/app/path").asText());
                default -> { }
            }
        }
        assertThat(debs).as("the committed Debian 12 package database").hasSize(106)
                .contains("libc6 2.36-9+deb12u14", "base-files 12.4+deb12u15");
        Properties versions = versions();
        assertThat(jars).as(String.join("\n", jars)).anyMatch(j -> j.contains("jackson-core "
                + versions.getProperty("jackson") + " ") && j.contains("app/libs/jackson-core-"));
        assertThat(jars).anyMatch(j -> j.contains("commons-compress " + versions.getProperty("commons-compress")
                + " ") && j.contains("app/libs/commons-compress-"));
    }

    /** The versions this build resolved (written by the build into target/versions.properties). */
    private static Properties versions() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of("target", "versions.properties"))) {
            p.load(in);
        }
        return p;
    }
}
