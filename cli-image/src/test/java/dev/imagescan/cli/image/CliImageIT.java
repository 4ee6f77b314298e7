package dev.imagescan.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scanner scans its own image: {@code target/imagescan-image.tar}, built by Jib in {@code package}, read by the
 * CLI jar run as a process. It must find the image's Debian packages (the base DebianBase made from the packages
 * {@code debian/packages.lock} pins, libc6 among them) and the jars the image ships in {@code /app/libs}, with the
 * versions this build used; and the image's dpkg database must list exactly the files its packages put there.
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
        assertThat(debs).as("exactly the Debian packages debian/packages.lock pins")
                .containsExactlyInAnyOrderElementsOf(pinnedPackages()).contains("libc6 " + pinnedVersion("libc6"));
        Properties versions = versions();
        assertThat(jars).as(String.join("\n", jars)).anyMatch(j -> j.contains("jackson-core "
                + versions.getProperty("jackson") + " ") && j.contains("app/libs/jackson-core-"));
        assertThat(jars).anyMatch(j -> j.contains("commons-compress " + versions.getProperty("commons-compress")
                + " ") && j.contains("app/libs/commons-compress-"));
    }

    /**
     * The image's package database tells the truth: every path a {@code /var/lib/dpkg/info/*.list} names is in the
     * image, and every file and link of the image is some package's, except the JRE and the application (Jib's
     * layers) and the few files the base makes itself (DebianBase: accounts, name service order, the CA bundle
     * update-ca-certificates would write, and dpkg's own database).
     */
    @Test
    void itsDpkgDatabaseListsExactlyTheFilesItsDebianPackagesPutThere() throws Exception {
        OciImageArchive image = OciImageArchive.open(IMAGE, Files.createTempDirectory(Path.of("target"), "layout"));
        Map<String, Character> paths = image.paths();
        Map<String, byte[]> info = image.filesUnder("var/lib/dpkg/info");
        Set<String> owned = new HashSet<>();
        int lists = 0;
        for (Map.Entry<String, byte[]> file : info.entrySet()) {
            if (!file.getKey().endsWith(".list")) {
                continue;
            }
            lists++;
            for (String line : new String(file.getValue(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.equals("/.")) {
                    owned.add(line.substring(1));
                }
            }
        }
        assertThat(lists).as("one .list a package").isEqualTo(pinnedPackages().size());
        assertThat(paths.keySet()).as("every listed path is in the image").containsAll(owned);

        Set<String> made = Set.of("etc/passwd", "etc/group", "etc/nsswitch.conf", "etc/ssl/certs/ca-certificates.crt",
                "var/lib/dpkg/status");
        List<String> unowned = new ArrayList<>();
        paths.forEach((path, type) -> {
            if (type != 'd' && !owned.contains(path) && !made.contains(path) && !path.startsWith("app/")
                    && !path.startsWith("opt/java/") && !path.startsWith("var/lib/dpkg/info/")) {
                unowned.add(path);
            }
        });
        assertThat(unowned).as("files no package owns").isEmpty();
        assertThat(paths).as("the libraries the JRE loads")
                .containsKeys("lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6");
        assertThat(new String(image.read("var/lib/dpkg/status"), StandardCharsets.UTF_8))
                .contains("Package: libc6\nStatus: install ok installed\n");
    }

    /** "name version" of each package debian/packages.lock pins. */
    private static List<String> pinnedPackages() throws IOException {
        List<String> pins = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("debian", "packages.lock"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] f = line.split("\t");
                pins.add(f[0] + " " + f[1]);
            }
        }
        return pins;
    }

    private static String pinnedVersion(String name) throws IOException {
        return pinnedPackages().stream().filter(p -> p.startsWith(name + " ")).findFirst().orElseThrow()
                .substring(name.length() + 1);
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
