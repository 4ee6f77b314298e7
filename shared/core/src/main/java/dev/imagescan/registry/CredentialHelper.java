package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Docker credential helper ({@code docker-credential-NAME}, e.g. {@code ecr-login}, {@code pass},
 * {@code desktop}) asked through its protocol: {@code get} with the server URL on standard input, a JSON object
 * {@code {"Username": …, "Secret": …}} on standard output. "credentials not found" means none; any other failure is
 * a {@link RegistryException} naming the helper. Bounded in time and output.
 */
final class CredentialHelper {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_OUTPUT = 64 * 1024;

    private final String name;
    private final List<String> command;

    /** The helper {@code name} run as {@code command} (its program and {@code get}). */
    CredentialHelper(String name, List<String> command) {
        this.name = name;
        this.command = List.copyOf(command);
    }

    /** The helper {@code docker-credential-NAME} found on the PATH. */
    static CredentialHelper onPath(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new RegistryException("Docker config: credential helper name '" + name + "' is not a plain name");
        }
        return new CredentialHelper(name, List.of("docker-credential-" + name, "get"));
    }

    /** The credentials the helper holds for {@code serverUrl}, or empty when it has none. */
    Optional<Credentials> get(String serverUrl) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new RegistryException("Docker config names credential helper '" + name + "' but "
                    + command.get(0) + " cannot be run (" + e.getMessage() + ")", e);
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper exited (or closed its input) before reading the server URL: its exit status and what
                // it said below tell why, which the broken pipe does not
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new RegistryException("credential helper " + command.get(0) + " gave no answer for "
                        + serverUrl + " within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            String stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                String said = !stdout.isEmpty() ? stdout : stderr;
                if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new RegistryException("credential helper " + command.get(0) + " failed for " + serverUrl
                        + " (exit " + process.exitValue() + "): " + firstLine(said));
            }
            return Optional.of(parse(stdout, serverUrl));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking credential helper " + command.get(0), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new RegistryException("credential helper " + command.get(0) + " output could not be read", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private Credentials parse(String stdout, String serverUrl) {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(stdout);
        } catch (IOException e) {
            throw new RegistryException("credential helper " + command.get(0) + " answered for " + serverUrl
                    + " with something else than a JSON object");
        }
        Object user = json == null ? null : json.get("Username");
        Object secret = json == null ? null : json.get("Secret");
        if (!(user instanceof String u) || !(secret instanceof String s)) {
            throw new RegistryException("credential helper " + command.get(0) + " answered for " + serverUrl
                    + " without a Username and a Secret");
        }
        return new Credentials(u, s);
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
