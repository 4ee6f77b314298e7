package dev.imagescan.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image's entry point the way a container runtime would, without Docker: its layers unpacked into a root
 * file system, and the process started there by bubblewrap ({@code bwrap}) in new user, mount, PID, IPC, UTS and
 * network namespaces, as the image's user, in its working directory, with its environment only.
 */
final class Sandbox {
    private static final long TIMEOUT_SECONDS = 180;
    private final Path rootfs;
    private final JsonNode config;
    private final List<String> mounts = new ArrayList<>();

    private Sandbox(Path rootfs, JsonNode config) {
        this.rootfs = rootfs;
        this.config = config;
    }

    /** Whether a sandbox can run here, and why not. */
    record Availability(boolean installed, String problem) {
        boolean available() {
            return problem == null;
        }
    }

    /**
     * Whether bwrap is installed, and whether it can make the namespaces it needs: when it is installed but cannot,
     * the kernel (or the sandbox around this process) forbids unprivileged user namespaces, and bwrap's own message
     * says so.
     */
    static Availability availability() throws InterruptedException {
        Result probe;
        try {
            probe = exec(List.of("bwrap", "--unshare-all", "--ro-bind", "/", "/", "true"), null);
        } catch (IOException e) {
            return new Availability(false, "bubblewrap (bwrap) is not installed: " + e.getMessage());
        }
        return probe.exit() == 0 ? new Availability(true, null)
                : new Availability(true, "bwrap cannot make user namespaces here: " + probe.output().strip());
    }

    /** Unpacks the image's layers, base first, into {@code rootfs} (owned by the caller, as a rootless runtime). */
    static Sandbox unpack(OciImageArchive image, Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(rootfs);
        for (Path layer : image.layers()) {
            Result tar = exec(List.of("tar", "-xzf", layer.toString(), "-C", rootfs.toString(), "--no-same-owner",
                    "--warning=no-unknown-keyword"), null);
            if (tar.exit() != 0) {
                throw new IOException("tar " + layer + ": " + tar.output());
            }
        }
        return new Sandbox(rootfs, image.containerConfig());
    }

    /** Binds a host file read-only at {@code target} inside the container. */
    Sandbox withReadOnlyFile(Path host, String target) {
        mounts.addAll(List.of("--ro-bind", host.toAbsolutePath().toString(), target));
        return this;
    }

    /** Runs the image's entry point with {@code args} (standard output and error apart). */
    Result run(Path stdout, String... args) throws IOException, InterruptedException {
        String[] user = config.path("User").asText("0").split(":");
        List<String> command = new ArrayList<>(List.of("bwrap", "--unshare-all", "--die-with-parent",
                "--uid", user[0], "--gid", user.length > 1 ? user[1] : user[0],
                "--bind", rootfs.toAbsolutePath().toString(), "/", "--proc", "/proc", "--dev", "/dev",
                "--chdir", config.path("WorkingDir").asText("/"), "--clearenv"));
        for (JsonNode env : config.path("Env")) {
            String[] kv = env.asText().split("=", 2);
            command.addAll(List.of("--setenv", kv[0], kv[1]));
        }
        command.addAll(mounts);
        command.add("--");
        config.path("Entrypoint").forEach(a -> command.add(a.asText()));
        command.addAll(List.of(args));
        return exec(command, stdout);
    }

    /** Runs a program inside the container other than the entry point (e.g. the JRE's keytool). */
    Result runProgram(String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bwrap", "--unshare-all", "--die-with-parent",
                "--uid", config.path("User").asText("0").split(":")[0],
                "--bind", rootfs.toAbsolutePath().toString(), "/", "--proc", "/proc", "--dev", "/dev",
                "--clearenv", "--"));
        command.addAll(List.of(argv));
        return exec(command, null);
    }

    private static Result exec(List<String> command, Path stdout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("sandbox", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
            if (stdout == null) {
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
            } else {
                pb.redirectOutput(stdout.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A finished process: its exit code and its output (standard error too, or alone when stdout went to a file). */
    record Result(int exit, String output) {
    }
}
