package dev.imagescan.testing.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Finds {@code tools/local-aws} (dynalite's {@code package.json} and {@code package-lock.json}) and makes sure
 * {@code npm ci} has installed it. {@code .ci/run} runs {@code npm ci} before Maven; a developer's first test run
 * does it here.
 */
final class DynaliteInstall {
    private static final String TOOLS = "tools/local-aws";
    private static final long NPM_TIMEOUT_MINUTES = 5;

    private DynaliteInstall() {}

    /** The tools folder, with dynalite installed in it. */
    static Path ensureInstalled() {
        Path tools = locate();
        Path cli = tools.resolve("node_modules/dynalite/cli.js");
        if (Files.isRegularFile(cli)) {
            return tools;
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "imagescan-npm-ci.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                if (!Files.isRegularFile(cli)) {
                    npmCi(tools);
                }
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("installing dynalite in " + tools, e);
        }
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("npm ci in " + tools + " did not install dynalite (" + cli + " missing)");
        }
        return tools;
    }

    private static void npmCi(Path tools) throws IOException {
        Path log = tools.resolve("node_modules.npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(tools.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + tools + " took over " + NPM_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            npm.destroyForcibly();
            throw new IllegalStateException("interrupted during npm ci", e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + tools + " failed with status " + npm.exitValue() + ":\n"
                    + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    /**
     * {@code -Dimagescan.localaws.tools}, else the first {@code tools/local-aws} with a {@code package.json} in the
     * working directory or above it (a module's tests run in the module's folder).
     */
    static Path locate() {
        String configured = System.getProperty("imagescan.localaws.tools");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path tools = dir.resolve(TOOLS);
            if (Files.isRegularFile(tools.resolve("package.json"))) {
                return tools;
            }
        }
        throw new IllegalStateException("no " + TOOLS + "/package.json in " + Path.of("").toAbsolutePath()
                + " or above it; set -Dimagescan.localaws.tools=DIR");
    }
}
