package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o FILE} on every kind of file: replaced whole, written directly, or refused in one line. */
class OutputTargetTest {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final String BUILT_AT = "2026-11-27T00:00:00Z";

    @TempDir
    Path dir;

    @Test
    void aFifoIsWrittenDirectlyAndStaysAFifo() throws Exception {
        Path fifo = mkfifo(dir.resolve("out.fifo"));
        CompletableFuture<byte[]> read = readAll(fifo);

        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", fifo.toString(), ALPINE);

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(read.get(60, TimeUnit.SECONDS));
        assertThat(JsonSchemas.inventoryProblems(json)).isEmpty();
        assertThat(json.get("packages")).hasSize(14);
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat((int) Files.getAttribute(fifo, "unix:mode") & 0170000).as("file type bits").isEqualTo(0010000);
        assertThat(entries()).containsExactly(fifo);
    }

    @Test
    void theDatabaseGoesToAFifoToo() throws Exception {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        Path fifo = mkfifo(dir.resolve("db.fifo"));
        CompletableFuture<byte[]> read = readAll(fifo);

        CliRun run = CliRun.of("db", "build", "--from", osv.toString(), "-o", fifo.toString(), "--built-at", BUILT_AT);

        assertThat(run.status()).as(run.err()).isZero();
        Path copy = Files.write(dir.resolve("copy.db"), read.get(60, TimeUnit.SECONDS));
        assertThat(VulnDatabases.load(copy).info().advisories()).isPositive();
        assertThat(run.out()).startsWith("Wrote " + fifo + ": ");
    }

    @Test
    void aDirectoryIsAnErrorInOneLine() throws IOException {
        Path target = Files.createDirectory(dir.resolve("reports"));

        CliRun run = CliRun.of("scan", "--format", "json", "-o", target.toString(), ALPINE);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("imagescan: error: " + target + ": is a directory\n");
        assertThat(run.out()).isEmpty();
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryIsRefusedByDbBuildBeforeReadingAnySource() throws IOException {
        CliRun run = CliRun.of("db", "build", "--from", dir.resolve("absent").toString(), "-o", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("imagescan: error: " + dir + ": is a directory\n");
    }

    @Test
    void aMissingDirectoryIsAnErrorInOneLine() throws IOException {
        Path target = dir.resolve("missing").resolve("report.json");

        CliRun run = CliRun.of("scan", "--format", "json", "-o", target.toString(), ALPINE);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("imagescan: error: " + target + ": no such directory " + target.getParent()
                + "\n");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aSymlinkToARegularFileIsReplacedThroughAndStaysALink() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path file = Files.writeString(elsewhere.resolve("report.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("elsewhere", "report.json"));

        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", link.toString(), ALPINE);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("elsewhere", "report.json"));
        assertThat(JsonSchemas.inventoryProblems(new ObjectMapper().readTree(file.toFile()))).isEmpty();
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("new.json"));

        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", link.toString(), ALPINE);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("new.json"))).contains("\"packages\"");
    }

    @Test
    void aSymlinkLoopIsAnErrorInOneLine() throws IOException {
        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));

        CliRun run = CliRun.of("scan", "--format", "json", "-o", a.toString(), ALPINE);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("imagescan: error: " + a + ": ").doesNotContain("\n\t").hasLineCount(1);
    }

    @Test
    void aSocketIsNeitherReplacedNorWrittenAround() throws IOException {
        Path socket = dir.resolve("out.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            CliRun run = CliRun.of("scan", "--format", "inventory", "-o", socket.toString(), ALPINE);

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).startsWith("imagescan: error: " + socket).hasLineCount(1);
            assertThat(Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.isSymbolicLink(socket)).isFalse();
            assertThat(entries()).containsExactly(socket);
        }
    }

    @Test
    void dashIsStandardOutput() {
        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", "-", ALPINE);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{").contains("\"packages\"");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void dashSendsTheDatabaseToStandardOutputAndTheSummaryToStandardError() throws IOException {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        Path file = dir.resolve("file.db");
        CliRun.of("db", "build", "--from", osv.toString(), "-o", file.toString(), "--built-at", BUILT_AT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ImageScanCli.run(out, err, "db", "build", "--from", osv.toString(), "-o", "-", "--built-at",
                BUILT_AT);

        assertThat(status).isZero();
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\nWrote standard output: 5 advisories, ");
    }

    @Test
    void aRegularFileIsReplacedWholeWithNothingLeftBeside() throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"), "old");

        CliRun run = CliRun.of("scan", "--format", "inventory", "-o", file.toString(), ALPINE);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.readString(file)).startsWith("{");
        assertThat(entries()).containsExactly(file);
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return path;
    }

    /** Reads the FIFO to its end on another thread (opening it blocks until the writer opens it). */
    private static CompletableFuture<byte[]> readAll(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
