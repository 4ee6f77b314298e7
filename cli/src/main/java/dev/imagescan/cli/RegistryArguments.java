package dev.imagescan.cli;

import dev.imagescan.common.BadInputException;
import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.DockerConfig;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The registry side of {@code imagescan scan}: whether IMAGE names a file or an image in a registry, and the
 * {@link RegistryOptions} of {@code --username}, {@code --password-stdin} and {@code --insecure-registry}.
 */
final class RegistryArguments {
    private static final int MAX_PASSWORD = 64 * 1024;
    private static final List<String> ARCHIVE_ENDINGS = List.of(".tar", ".tar.gz", ".tgz", ".tar.zst", ".gz", ".zst");

    private RegistryArguments() {}

    /**
     * Whether {@code image} is a registry reference: a path that exists is always an archive or layout, and so is
     * anything written as a path ({@code ./x}, {@code /x}, {@code x.tar}); the rest must parse as a reference.
     */
    static boolean isReference(String image) {
        try {
            if (Files.exists(Path.of(image))) {
                return false;
            }
        } catch (InvalidPathException e) {
            return false;
        }
        if (image.startsWith("/") || image.startsWith(".") || image.startsWith("~")
                || ARCHIVE_ENDINGS.stream().anyMatch(image::endsWith)) {
            return false;
        }
        return ImageReference.looksLikeReference(image);
    }

    /**
     * The options for reading {@code reference}: its credentials from {@code --username} and the password read from
     * {@code stdin} (when {@code passwordStdin}), else Docker's config.json; {@code insecure} registries reached over
     * plain http.
     */
    static RegistryOptions options(ImageReference reference, String username, boolean passwordStdin,
            List<String> insecure, InputStream stdin) {
        CredentialSource credentials = DockerConfig.fromEnvironment();
        if (username != null && passwordStdin) {
            credentials = CredentialSource.of(reference.registry(), new Credentials(username, password(stdin)))
                    .orElse(credentials);
        }
        return RegistryOptions.defaults(credentials)
                .withInsecureHosts(insecure == null ? Set.of() : Set.copyOf(insecure));
    }

    private static String password(InputStream stdin) {
        try {
            byte[] bytes = stdin.readNBytes(MAX_PASSWORD + 1);
            if (bytes.length > MAX_PASSWORD) {
                throw new BadInputException("--password-stdin: more than " + MAX_PASSWORD + " bytes");
            }
            String password = new String(bytes, StandardCharsets.UTF_8);
            password = password.endsWith("\r\n") ? password.substring(0, password.length() - 2)
                    : password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
            if (password.isEmpty()) {
                throw new BadInputException("--password-stdin: standard input holds no password");
            }
            return password;
        } catch (IOException e) {
            throw new BadInputException("--password-stdin: cannot read standard input (" + e.getMessage()
                    + ")");
        }
    }
}
