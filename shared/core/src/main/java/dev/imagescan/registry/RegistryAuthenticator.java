package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's {@code 401} challenges: {@code Basic} with the credentials; {@code Bearer} by asking the token
 * service the challenge names ({@code realm}, {@code service}, {@code scope}) for a token, anonymously or with the
 * credentials (Basic to the realm, or an identity token as an OAuth refresh token), as the Docker token
 * specification says. Tokens are kept per scope for the registry's later requests. A realm on plain http is refused
 * unless its host may be reached over http, so credentials never travel in clear. A registry token
 * ({@link Credentials#registryToken}) is sent with every request, before any challenge, and never exchanged: a
 * 401 despite it is the registry's answer.
 */
final class RegistryAuthenticator {
    private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;

    private final RegistryTransport transport;
    private final Credentials credentials;
    private final String registry;
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private volatile String basic;

    RegistryAuthenticator(RegistryTransport transport, Credentials credentials, String registry) {
        this.transport = transport;
        this.credentials = credentials;
        this.registry = registry;
    }

    boolean hasCredentials() {
        return credentials != null;
    }

    /** The Authorization header for a request in {@code scope}, once a challenge was answered. */
    Optional<String> header(String scope) {
        if (credentials != null && credentials.isRegistryToken()) {
            return Optional.of("Bearer " + credentials.secret());
        }
        String token = headers.get(scope);
        return Optional.ofNullable(token != null ? token : basic);
    }

    /** Answers {@code challenge} for {@code scope}; false when it cannot be answered (Basic without credentials). */
    boolean answer(AuthChallenge challenge, String scope) throws IOException {
        if (credentials != null && credentials.isRegistryToken()) {
            return false;
        }
        if (challenge.scheme().equals("basic")) {
            if (credentials == null || credentials.isIdentityToken()) {
                return false;
            }
            basic = credentials.basicHeader();
            return true;
        }
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException(registry + ": the registry asks for a Bearer token but names no realm");
        }
        String tokenScope = challenge.parameter("scope") != null ? challenge.parameter("scope") : scope;
        headers.put(scope, "Bearer " + token(realm, challenge.parameter("service"), tokenScope));
        return true;
    }

    private String token(String realm, String service, String scope) throws IOException {
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry + ": token realm '" + realm + "' is not a URL");
        }
        String host = realmUri.getHost();
        String authority = realmUri.getPort() > 0 ? host + ":" + realmUri.getPort() : host;
        if (host == null || !("https".equals(realmUri.getScheme())
                || "http".equals(realmUri.getScheme()) && transport.options().allowsHttp(authority))) {
            throw new RegistryException(registry + ": token realm " + realm + " is not https; refused");
        }
        HttpRequestSpec request;
        StringBuilder query = new StringBuilder();
        if (service != null) {
            query.append("service=").append(encode(service));
        }
        if (scope != null) {
            query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
        }
        if (credentials != null && credentials.isIdentityToken()) {
            String form = query + (query.length() == 0 ? "" : "&") + "grant_type=refresh_token&client_id=imagescan"
                    + "&refresh_token=" + encode(credentials.secret());
            request = new HttpRequestSpec("POST", realmUri,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    form.getBytes(StandardCharsets.UTF_8), transport.requestTimeout());
        } else {
            URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
            Map<String, String> headers = new LinkedHashMap<>();
            if (credentials != null) {
                headers.put("Authorization", credentials.basicHeader());
            }
            request = HttpRequestSpec.of("GET", uri, headers, transport.requestTimeout());
        }
        HttpAnswer response = transport.sendOnce(request);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_TOKEN_RESPONSE);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryException(registry + ": the token service " + host + " refused "
                    + (credentials == null ? "an anonymous token" : "the credentials of " + credentials.username())
                    + " (HTTP " + status + ")" + RegistryErrors.detail(body));
        }
        if (status != 200) {
            throw new IOException(registry + ": the token service " + host + " answered HTTP " + status
                    + RegistryErrors.detail(body));
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(body);
        } catch (IOException e) {
            throw new RegistryException(registry + ": the token service " + host + " answered with no JSON object");
        }
        Object token = json == null ? null : json.get("token");
        if (!(token instanceof String) || ((String) token).isEmpty()) {
            token = json == null ? null : json.get("access_token");
        }
        if (!(token instanceof String t) || t.isEmpty()) {
            throw new RegistryException(registry + ": the token service " + host + " answered without a token");
        }
        return t;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
