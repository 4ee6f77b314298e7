package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/imagescan}, the launcher, installed as the README says ({@code bin/} and {@code lib/imagescan/}) and
 * run as users run it: the first scan writes the AppCDS archive into the cache directory (on JDK 25 and newer an AOT
 * cache, when one is there to try: {@code JAVA25}, else Temurin 25's usual place), later runs use it and print the
 * same report, and a command other than scan writes none.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "imagescan").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();

    @TempDir
    Path dir;

    @Test
    void firstScanWritesTheArchiveAndLaterScansUseIt() throws IOException, InterruptedException {
        List<Path> written = firstAndLaterScans(System.getProperty("java.home"));

        assertThat(written).singleElement().asString().endsWith(".jsa");
    }

    @Test
    void onJdk25TheFirstScanWritesAnAotCache() throws IOException, InterruptedException {
        String jdk25 = System.getenv().getOrDefault("JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64");
        assumeTrue(Files.isExecutable(Path.of(jdk25, "bin", "java")), "no JDK 25 at " + jdk25 + " (JAVA25)");

        List<Path> written = firstAndLaterScans(jdk25);

        assertThat(written).singleElement().asString().endsWith(".aot");
    }

    /** The archives the first scan wrote, after checking that the second one used them and printed the same. */
    private List<Path> firstAndLaterScans(String javaHome) throws IOException, InterruptedException {
        Path prefix = dir.resolve("prefix");
        Files.createDirectories(prefix.resolve("bin"));
        Files.createDirectories(prefix.resolve("lib/imagescan"));
        Path launcher = Files.copy(LAUNCHER, prefix.resolve("bin/imagescan"));
        Files.copy(JAR, prefix.resolve("lib/imagescan/imagescan.jar"));
        Path cache = dir.resolve("cache");

        String version = run(launcher, cache, javaHome, "--version");
        assertThat(archives(cache)).isEmpty();
        String first = run(launcher, cache, javaHome, "scan", ALPINE);
        List<Path> written = archives(cache);
        String second = run(launcher, cache, javaHome, "scan", ALPINE);

        assertThat(version).startsWith("imagescan ");
        assertThat(first).contains("CVE-2025-26519").contains("Fix plan: ");
        assertThat(second).isEqualTo(first);
        assertThat(archives(cache)).isEqualTo(written);
        return written;
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path cds = cache.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.sorted().toList();
        }
    }

    private String run(Path launcher, Path cache, String javaHome, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args))
                .toList()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("IMAGESCAN_CACHE_DIR", cache.toString());
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String error = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(error).isZero();
        assertThat(error).doesNotContain("Exception", "[warning]", "[error]", "WARNING", "AOTConfiguration");
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
