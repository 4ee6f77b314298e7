package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The credentials of Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}), looked up as Docker does: a registry's own helper in {@code credHelpers}, then its
 * entry in {@code auths} ({@code auth} = base64 of {@code user:password}, or {@code username}/{@code password}, or an
 * {@code identitytoken}, or a {@code registrytoken} sent as it is), then the default helper {@code credsStore}.
 * Docker Hub's entry is keyed {@code https://index.docker.io/v1/}. A config that is not JSON is a
 * {@link RegistryException}; a missing one means no credentials. {@link #parse} reads the same {@code auths} from text
 * held elsewhere (a secret), where no helper can run.
 */
public final class DockerConfig implements CredentialSource {
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private final String file;
    private final Map<String, Map<String, Object>> auths;
    private final Map<String, String> credHelpers;
    private final String credsStore;
    private final Function<String, CredentialHelper> helpers;

    private DockerConfig(String file, Map<String, Map<String, Object>> auths, Map<String, String> credHelpers,
            String credsStore, Function<String, CredentialHelper> helpers) {
        this.file = file;
        this.auths = auths;
        this.credHelpers = credHelpers;
        this.credsStore = credsStore;
        this.helpers = helpers;
    }

    /** The config of this user: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static CredentialSource fromEnvironment() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path path = dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return Files.isRegularFile(path) ? load(path) : CredentialSource.none();
    }

    /** The config in {@code path}; helpers are {@code docker-credential-NAME} on the PATH. */
    public static DockerConfig load(Path path) {
        return read(path, CredentialHelper::onPath);
    }

    /** The config in {@code path}, with helper NAME run as {@code helperCommand.apply(NAME)} and {@code get}. */
    public static DockerConfig load(Path path, Function<String, List<String>> helperCommand) {
        return read(path, name -> new CredentialHelper(name, helperCommand.apply(name)));
    }

    /**
     * The {@code auths} of a config.json-style document held elsewhere ({@code source} names it in messages, e.g. a
     * secret's ARN): no helper runs, so a {@code credHelpers} or {@code credsStore} in it is refused.
     *
     * @throws RegistryException when the text is not a JSON object of that form (the message shows no credential)
     */
    public static DockerConfig parse(String source, String text) {
        if (text.length() > MAX_BYTES) {
            throw new RegistryException(source + ": larger than " + MAX_BYTES + " characters; not a Docker config");
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(text);
        } catch (IOException e) {
            throw new RegistryException(source + ": not a Docker config.json-style JSON object with auths");
        }
        if (json == null || !(json.get("auths") instanceof Map<?, ?>)) {
            throw new RegistryException(source + ": not a Docker config.json-style JSON object with auths");
        }
        if (json.containsKey("credHelpers") || json.containsKey("credsStore")) {
            throw new RegistryException(source + ": credential helpers (credHelpers, credsStore) cannot run here; "
                    + "give the credentials in auths");
        }
        return fromJson(source, json, name -> {
            throw new IllegalStateException("no credential helper runs for " + source);
        });
    }

    private static DockerConfig read(Path path, Function<String, CredentialHelper> helpers) {
        Map<String, Object> json;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new RegistryException(path + ": larger than " + MAX_BYTES + " bytes; not a Docker config");
            }
            json = JSON.std.mapFrom(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException(path + ": not a Docker config.json (" + firstLine(e.getMessage()) + ")", e);
        }
        return fromJson(path.toString(), json, helpers);
    }

    @SuppressWarnings("unchecked")
    private static DockerConfig fromJson(String file, Map<String, Object> json,
            Function<String, CredentialHelper> helpers) {
        Map<String, Map<String, Object>> auths = new LinkedHashMap<>();
        if (json != null && json.get("auths") instanceof Map<?, ?> a) {
            a.forEach((k, v) -> {
                if (v instanceof Map<?, ?> entry) {
                    auths.put(normalize(String.valueOf(k)), (Map<String, Object>) entry);
                }
            });
        }
        Map<String, String> credHelpers = new LinkedHashMap<>();
        if (json != null && json.get("credHelpers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> credHelpers.put(normalize(String.valueOf(k)), String.valueOf(v)));
        }
        String credsStore = json != null && json.get("credsStore") instanceof String s && !s.isBlank() ? s : null;
        return new DockerConfig(file, auths, credHelpers, credsStore, helpers);
    }

    @Override
    public Optional<Credentials> find(String registry) {
        String key = normalize(registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry);
        String serverUrl = registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
        String helper = credHelpers.get(key);
        if (helper != null) {
            return helpers.apply(helper).get(serverUrl);
        }
        Map<String, Object> entry = auths.get(key);
        if (entry != null) {
            Optional<Credentials> found = fromEntry(entry, registry);
            if (found.isPresent()) {
                return found;
            }
        }
        return credsStore == null ? Optional.empty() : helpers.apply(credsStore).get(serverUrl);
    }

    private Optional<Credentials> fromEntry(Map<String, Object> entry, String registry) {
        if (entry.get("identitytoken") instanceof String token && !token.isEmpty()) {
            return Optional.of(new Credentials(Credentials.IDENTITY_TOKEN_USER, token));
        }
        if (entry.get("registrytoken") instanceof String token && !token.isEmpty()) {
            return Optional.of(Credentials.registryToken(token));
        }
        if (entry.get("auth") instanceof String auth && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(file + ": auths entry for " + registry + " is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new RegistryException(file + ": auths entry for " + registry + " is not user:password");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        if (entry.get("username") instanceof String user && entry.get("password") instanceof String password) {
            return Optional.of(new Credentials(user, password));
        }
        return Optional.empty();
    }

    /** A config key as the registry it names: host[:port], lower case; Docker Hub's keys all as its v1 URL. */
    private static String normalize(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.contains("://")) {
            try {
                URI uri = URI.create(k);
                if (uri.getHost() != null) {
                    k = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
                }
            } catch (IllegalArgumentException e) {
                return k;
            }
        } else if (k.indexOf('/') > 0) {
            k = k.substring(0, k.indexOf('/'));
        }
        if (k.equals("index.docker.io") || k.equals("docker.io") || k.equals(ImageReference.DOCKER_HUB_API)) {
            return "index.docker.io";
        }
        return k;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
