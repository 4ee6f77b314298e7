package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipped jar, {@code target/imagescan.jar}, run as users run it: {@code java -jar}, in a child process, its
 * standard output and error kept in files. C1 only and the serial collector: a third off each short run, and neither
 * changes which classes the jar holds. The artifact tests ({@code *IT}) share it.
 */
final class CliJar {
    /** The jar {@code package} built. */
    static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliJar() {}

    /** {@code java -jar imagescan.jar ARGS}, its output files in {@code dir}. */
    static Run run(Path dir, String... args) {
        return run(dir, Map.of(), null, args);
    }

    /**
     * {@code java -jar imagescan.jar ARGS} with {@code env} added to the environment and {@code stdin} (null: nothing)
     * written to its standard input; its output files in {@code dir}.
     */
    static Run run(Path dir, Map<String, String> env, String stdin, String... args) {
        return run(dir, List.of(), env, stdin, args);
    }

    /** {@link #run(Path, Map, String, String...)} with {@code jvmOptions} ({@code -Dname=value}) before -jar. */
    static Run run(Path dir, List<String> jvmOptions, Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(command.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command.toString(), e);
        }
    }

    /** One process: exit status and what it wrote. */
    record Run(int status, String out, String err) {
        /** Asserts exit 0 and no exception or stack trace on standard error. */
        Run succeeded() {
            assertThat(status).as(err).isZero();
            assertThat(err).doesNotContain("Exception", "\tat ");
            return this;
        }

        /** Exit 1 with one line on standard error, containing {@code message}. */
        void failedWith(String message) {
            assertThat(status).as(err).isEqualTo(1);
            assertThat(err.strip()).startsWith("imagescan: error: ").contains(message).doesNotContain("\n");
        }

        /** Standard output as JSON. */
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }
}
