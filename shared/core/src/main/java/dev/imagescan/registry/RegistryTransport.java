package dev.imagescan.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP exchanges with one registry, for one repository: GETs with its credentials, retried on 429 and 5xx
 * ({@link RetryPolicy}, honouring {@code Retry-After}), re-sent once after a 401 with what the challenge asks for
 * ({@link RegistryAuthenticator}), and redirects followed by hand, at most {@value #MAX_REDIRECTS}: the registry's
 * credentials go to the registry's own host only, never to the storage or CDN a blob is redirected to, and a redirect
 * to plain http is refused unless that host may be reached over http. The bytes go through one {@link HttpSender}
 * whatever the scheme ({@link UrlConnectionSender}). A certificate the JVM does not trust is not retried: it fails at
 * once with one line naming the registry ({@link TlsFailures}).
 */
final class RegistryTransport {
    static final int MAX_REDIRECTS = 5;

    private final HttpSender http;
    private final RegistryOptions options;
    private final String apiHost;
    private final String scheme;
    private final RegistryAuthenticator auth;
    private final Sleeper sleeper;
    private final ConnectionGuard guard;
    private final String registry;

    /** Waits between retries; a test may count instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A transport that asks {@code guard} before each request it sends (every hop of a redirect included). */
    RegistryTransport(HttpSender http, RegistryOptions options, ImageReference reference, Sleeper sleeper,
            ConnectionGuard guard) {
        this.http = http;
        this.guard = guard;
        this.registry = reference.registry();
        this.options = options;
        this.apiHost = reference.apiHost();
        this.scheme = options.allowsHttp(reference.registry()) ? "http" : "https";
        this.sleeper = sleeper;
        Credentials credentials = options.credentials().find(reference.registry()).orElse(null);
        this.auth = new RegistryAuthenticator(this, credentials, reference.registry());
    }

    /** {@code scheme://apiHost} + {@code path}. */
    URI uri(String path) {
        try {
            return new URI(scheme + "://" + apiHost + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI path: " + path, e);
        }
    }

    /** Whether credentials were found for the registry (for messages after a 401). */
    boolean hasCredentials() {
        return auth.hasCredentials();
    }

    /**
     * GETs {@code path} on the registry with {@code scope} ({@code repository:NAME:pull}): the final answer, whatever
     * its status, once retries, authentication and redirects are done. The caller closes its body.
     */
    HttpAnswer get(String path, String accept, String scope) throws IOException {
        return exchange("GET", path, accept, scope);
    }

    /** Like {@link #get}, with HEAD: the answer's status and headers (a manifest's digest) without its body. */
    HttpAnswer head(String path, String accept, String scope) throws IOException {
        return exchange("HEAD", path, accept, scope);
    }

    private HttpAnswer exchange(String method, String path, String accept, String scope) throws IOException {
        URI target = uri(path);
        boolean reauthenticated = false;
        int redirects = 0;
        int attempt = 1;
        while (true) {
            boolean toRegistry = isRegistryHost(target);
            Map<String, String> headers = new LinkedHashMap<>();
            if (accept != null) {
                headers.put("Accept", accept);
            }
            if (toRegistry) {
                auth.header(scope).ifPresent(h -> headers.put("Authorization", h));
            }
            HttpAnswer response;
            try {
                response = send(HttpRequestSpec.of(method, target, headers, options.requestTimeout()));
            } catch (IOException e) {
                Optional<IOException> tls = TlsFailures.certificateProblem(e, apiHost, target);
                if (tls.isPresent()) {
                    throw tls.get();
                }
                if (attempt >= options.retry().maxAttempts()) {
                    throw describe(e, target, attempt);
                }
                pause(attempt++, null);
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && toRegistry && !reauthenticated) {
                reauthenticated = true;
                Optional<AuthChallenge> challenge = AuthChallenge.choose(response.headers("WWW-Authenticate"));
                if (challenge.isPresent() && auth.answer(challenge.get(), scope)) {
                    response.body().close();
                    continue;
                }
                return response;
            }
            if (RetryPolicy.retryable(status) && attempt < options.retry().maxAttempts()) {
                response.body().close();
                pause(attempt++, response.header("Retry-After").orElse(null));
                continue;
            }
            if (isRedirect(status)) {
                String location = response.header("Location").orElse(null);
                response.body().close();
                if (location == null) {
                    throw new IOException(target.getHost() + " answered HTTP " + status + " without a Location");
                }
                if (++redirects > MAX_REDIRECTS) {
                    throw new IOException(apiHost + ": more than " + MAX_REDIRECTS + " redirects for " + path);
                }
                target = redirect(target, location);
                continue;
            }
            return response;
        }
    }

    /** One request with no retry, redirect or authentication of its own: for the token service. */
    HttpAnswer sendOnce(HttpRequestSpec request) throws IOException {
        int attempt = 1;
        while (true) {
            HttpAnswer response;
            try {
                response = send(request);
            } catch (IOException e) {
                Optional<IOException> tls = TlsFailures.certificateProblem(e, apiHost, request.uri());
                if (tls.isPresent()) {
                    throw tls.get();
                }
                if (attempt >= options.retry().maxAttempts()) {
                    throw describe(e, request.uri(), attempt);
                }
                pause(attempt++, null);
                continue;
            }
            if (RetryPolicy.retryable(response.statusCode()) && attempt < options.retry().maxAttempts()) {
                response.body().close();
                pause(attempt++, response.header("Retry-After").orElse(null));
                continue;
            }
            return response;
        }
    }

    RegistryOptions options() {
        return options;
    }

    Duration requestTimeout() {
        return options.requestTimeout();
    }

    private HttpAnswer send(HttpRequestSpec request) throws IOException {
        guard.check(registry, request.uri());
        return http.send(request);
    }

    private void pause(int retry, String retryAfter) throws IOException {
        try {
            sleeper.sleep(options.retry().delay(retry, retryAfter, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry " + apiHost);
        }
    }

    private boolean isRegistryHost(URI uri) {
        String authority = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return authority != null && authority.toLowerCase(Locale.ROOT).equals(apiHost.toLowerCase(Locale.ROOT))
                && uri.getScheme().equals(scheme);
    }

    private URI redirect(URI from, String location) throws IOException {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new IOException(from.getHost() + " redirected to an invalid location", e);
        }
        String s = String.valueOf(to.getScheme()).toLowerCase(Locale.ROOT);
        if (s.equals("http")) {
            String authority = to.getPort() > 0 ? to.getHost() + ":" + to.getPort() : to.getHost();
            if (to.getHost() == null || !options.allowsHttp(authority)) {
                throw new IOException(apiHost + " redirected to plain http (" + to.getHost() + "); refused, the "
                        + "host is not an insecure registry");
            }
        } else if (!s.equals("https")) {
            throw new IOException(apiHost + " redirected to a " + s + ": URL; refused");
        }
        return to;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private IOException describe(IOException e, URI target, int attempts) {
        String what = e instanceof HttpTimeoutException
                ? String.valueOf(e.getMessage()).startsWith("no answer within ") ? e.getMessage()
                : "no answer within " + options.requestTimeout().toSeconds() + " s"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new IOException("registry " + target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "")
                + " unreachable after " + attempts + (attempts == 1 ? " attempt (" : " attempts (") + what + ")", e);
    }
}
