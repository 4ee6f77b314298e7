package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table on a real terminal: {@code target/imagescan.jar} run inside tmux (a pseudo-terminal on a server of this
 * test's own socket), its screen read back with the escape sequences ({@code capture-pane -e}). Colours on a
 * terminal; none with {@code NO_COLOR}, and none when the output goes through a pipe.
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
        String high = screen.lines().filter(l -> plain(l).equals("High (2)")).findFirst().orElseThrow();
        assertThat(high).contains(ESC).contains("31m");
        assertThat(screen.lines().filter(l -> l.startsWith("Findings:")).findFirst().orElseThrow())
                .contains("33mMedium");
    }

    @Test
    void noColoursWithNoColor() throws IOException, InterruptedException {
        String screen = screen("NO_COLOR=1 ");

        assertThat(screen).contains("Findings:  22 (High 2, ").contains("High (2)").doesNotContain(ESC);
    }

    @Test
    void noColoursThroughAPipe() throws IOException, InterruptedException {
        String screen = screen("", " | cat");

        assertThat(screen).contains("High (2)").doesNotContain(ESC);
    }

    /** {@code line} without its escape sequences. */
    private static String plain(String line) {
        return line.replaceAll("\u001b\\[[0-9;]*m", "");
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
