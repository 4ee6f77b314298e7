package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.registry.FaultProxy;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table on a real terminal: {@code target/imagescan.jar} run inside tmux (a pseudo-terminal on a server of this
 * test's own socket), its screen read back with the escape sequences ({@code capture-pane -e}). Colours on a
 * terminal; none with {@code NO_COLOR}, and none when the output goes through a pipe; a database download's progress
 * line while it runs, erased once it is done; the same for a registry pull held half-way by the fault proxy.
 */
class TerminalIT {
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;
    private String socket;

    @BeforeEach
    void tmux() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || Files.isExecutable(Path.of("/bin/tmux")),
                "tmux is not installed");
        socket = "imagescan-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach
    void stopOurServer() throws IOException, InterruptedException {
        if (socket != null) {
            tmux("kill-server");
        }
    }

    @Test
    void coloursOnATerminal() throws IOException, InterruptedException {
        String screen = screen("");

        assertThat(screen).contains("Findings:  22 (");
        String high = screen.lines().filter(l -> plain(l).equals("High (8)")).findFirst().orElseThrow();
        assertThat(high).contains(ESC).contains("31m");
        assertThat(screen.lines().filter(l -> l.startsWith("Findings:")).findFirst().orElseThrow())
                .contains("33mMedium");
    }

    @Test
    void noColoursWithNoColor() throws IOException, InterruptedException {
        String screen = screen("NO_COLOR=1 ");

        assertThat(screen).contains("Findings:  22 (High 8, ").contains("High (8)").doesNotContain(ESC);
    }

    @Test
    void noColoursThroughAPipe() throws IOException, InterruptedException {
        String screen = screen("", " | cat");

        assertThat(screen).contains("High (8)").doesNotContain(ESC);
    }

    /** {@code line} without its escape sequences. */
    private static String plain(String line) {
        return line.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void downloadProgressShowsWhileItRunsAndIsErasedAfter() throws IOException, InterruptedException {
        byte[] artifact;
        try (InputStream in = BundledDatabase.class.getResourceAsStream(BundledDatabase.RESOURCE)) {
            artifact = in.readAllBytes();
        }
        String version = "sha256:" + HexFormat.of().formatHex(sha256(artifact));
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/vulndb/", exchange -> {
            boolean pointer = exchange.getRequestURI().getRawPath().endsWith("/current");
            byte[] body = pointer ? ("vulndb/" + version + "/vulndb.bin").getBytes(StandardCharsets.UTF_8) : artifact;
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (pointer) {
                    out.write(body);
                } else {
                    out.write(body, 0, body.length / 2);   // half, then wait: the progress line stays on screen
                    out.flush();
                    release.await(60, TimeUnit.SECONDS);
                    out.write(body, body.length / 2, body.length - body.length / 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vulndb/current";
            Path cache = Files.createDirectories(dir.resolve("progress-cache"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            tmux("new-session", "-d", "-s", "update", "-x", "200", "-y", "20", "sh", "-c", "unset CI; '" + java
                    + "' -jar '" + JAR + "' db update --allow-http --cache-dir '" + cache + "' --db-url '" + url
                    + "'; echo __DONE__; sleep 120");
            String during = waitFor("update", "imagescan: downloading the database: ");
            release.countDown();
            String after = waitFor("update", "__DONE__");

            assertThat(during).containsPattern("imagescan: downloading the database: \\d+\\.\\d of \\d+\\.\\d MB");
            assertThat(after).contains("Installed " + version).doesNotContain("downloading the database");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void registryPullProgressShowsWhileALayerIsHeldAndIsErasedAfter() throws IOException, InterruptedException {
        assumeTrue(LocalRegistry.unavailable().isEmpty(), () -> LocalRegistry.unavailable().orElse(""));
        CountDownLatch release = new CountDownLatch(1);
        try (LocalRegistry registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
                FaultProxy proxy = new FaultProxy(registry.host())) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:3.20.3", "--format", "oci");
            proxy.holdHalfway("/v2/alpine/blobs/sha256:[0-9a-f]{64}", 1_000_000, release);
            String ref = proxy.host() + "/alpine:3.20.3";
            Path cache = Files.createDirectories(dir.resolve("pull-cache"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            tmux("new-session", "-d", "-s", "pull", "-x", "200", "-y", "60", "sh", "-c", "unset CI; export"
                    + " DOCKER_CONFIG='" + dir + "' IMAGESCAN_CACHE_DIR='" + cache + "' NO_COLOR=1; '" + java
                    + "' -XX:TieredStopAtLevel=1 -jar '" + JAR + "' scan '" + ref + "'; echo __DONE__; sleep 120");
            String during = waitFor("pull", "imagescan: pulling ");
            release.countDown();
            String after = waitFor("pull", "__DONE__");

            assertThat(during).containsPattern("imagescan: pulling " + Pattern.quote(ref)
                    + " \\(1 layer\\): \\d+\\.\\d of 3\\.\\d MB");
            assertThat(after).contains("Findings:").doesNotContain("imagescan: pulling");
        } finally {
            release.countDown();
        }
    }

    private String waitFor(String session, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String screen = tmux("capture-pane", "-p", "-t", session);
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never appeared:\n" + tmux("capture-pane", "-p", "-t", session));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String screen(String env) throws IOException, InterruptedException {
        return screen(env, "");
    }

    /** Runs the scan in a new tmux session's terminal and returns its screen, escape sequences included. */
    private String screen(String env, String pipe) throws IOException, InterruptedException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "unset NO_COLOR; export IMAGESCAN_CACHE_DIR='" + cache + "'; " + env + "'" + java
                + "' -XX:TieredStopAtLevel=1 -jar '" + JAR + "' scan '" + ALPINE + "' 2>/dev/null" + pipe
                + "; echo __DONE__; sleep 120";
        tmux("new-session", "-d", "-s", "scan", "-x", "200", "-y", "80", "sh", "-c", command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (tmux("capture-pane", "-p", "-t", "scan").contains("__DONE__")) {
                return tmux("capture-pane", "-e", "-p", "-t", "scan", "-S", "-200");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the scan did not finish in the terminal:\n" + tmux("capture-pane", "-p", "-t",
                "scan"));
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "tmux", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux did not answer: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
