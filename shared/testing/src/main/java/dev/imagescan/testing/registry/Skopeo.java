package dev.imagescan.testing.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pushes images into a test registry with Debian's {@code skopeo}: {@code skopeo copy SOURCE docker://HOST/REPO:TAG},
 * sources such as {@code oci-archive:FILE}, {@code docker-archive:FILE}, {@code oci:DIR}; over plain http, without a
 * signature policy.
 */
public final class Skopeo {
    private Skopeo() {}

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "skopeo"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies {@code source} to {@code destination} ({@code docker://…}). {@code options} go before the names:
     * {@code --format v2s2}, {@code --format oci}, {@code --all}, {@code --dest-creds user:pass}.
     */
    public static void copy(String source, String destination, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false"));
        command.addAll(List.of(options));
        command.add(source);
        command.add(destination);
        Path out = Files.createTempFile("skopeo", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("skopeo copy took more than 180 s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IOException("skopeo copy failed (" + p.exitValue() + "): " + command + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
