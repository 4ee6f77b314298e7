package dev.imagescan.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The registry client's one {@link HttpSender}: http and https through the JDK's {@link HttpURLConnection} and
 * {@link HttpsURLConnection}, the body the socket's own stream (over https, the TLS socket's), read straight into the
 * layer reader's buffer. (The {@code java.net.http} client hands a body over in 16 KiB buffers through its own
 * threads, ~1.2 s of CPU per 51 MB blob, and costs ~0.5 s to build: docs/registry.md, "Figures".) Which hosts may be
 * reached over plain http is decided before, by the transport ({@link RegistryOptions#allowsHttp}).
 *
 * <p>https uses the JVM's default {@link SSLSocketFactory} (its trust store: {@code javax.net.ssl.trustStore} when
 * set, else the JDK's {@code cacerts}) and the default host name verification; the TLS context is built on the first
 * https request only, so a plain-http scan never pays for it. Redirects are not followed here (the transport follows
 * them by its own rules), connections are kept alive by the JDK's pool, proxies come from the default
 * {@link java.net.ProxySelector}. One socket timeout, the shorter of the request's and the read timeout, bounds each
 * wait for bytes, the TLS handshake, status and headers included: an answer that does not start in time is an
 * {@link HttpTimeoutException}, a body that stalls an {@link IOException} saying the registry sent nothing.
 */
final class UrlConnectionSender implements HttpSender {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Supplier<SSLSocketFactory> tlsContext;
    private volatile SSLSocketFactory tls;

    /** A sender with the JVM's default TLS context (its trust store, its protocols). */
    UrlConnectionSender(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, HttpsURLConnection::getDefaultSSLSocketFactory);
    }

    /** A sender whose TLS sockets come from {@code tlsContext}, asked on the first https request (tests). */
    UrlConnectionSender(Duration connectTimeout, Duration readTimeout, Supplier<SSLSocketFactory> tlsContext) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tlsContext = tlsContext;
    }

    @Override
    public HttpAnswer send(HttpRequestSpec request) throws IOException {
        String scheme = String.valueOf(request.uri().getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("neither http nor https: " + request.uri());
        }
        Duration wait = request.timeout().compareTo(readTimeout) < 0 ? request.timeout() : readTimeout;
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tlsSockets());
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(wait));
        connection.setRequestMethod(request.method());
        connection.setRequestProperty("Accept", "*/*");
        request.headers().forEach(connection::setRequestProperty);
        int status;
        try {
            if (request.body() != null) {
                // buffered, not streamed: a streamed body's 401 would be an HttpRetryException, not an answer
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body());
                }
            }
            status = connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            HttpTimeoutException timeout = new HttpTimeoutException("no answer within " + seconds(wait) + " s");
            timeout.initCause(e);
            throw timeout;
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
        if (status < 0) {
            connection.disconnect();
            throw new IOException(request.uri().getHost() + " answered with no valid HTTP status line");
        }
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new HttpAnswer(status, request.uri(), headers(connection),
                body == null ? InputStream.nullInputStream() : new StallReporting(body, wait));
    }

    /** Whether the TLS context was built (for the test that plain http builds none). */
    boolean tlsStarted() {
        return tls != null;
    }

    /** The TLS socket factory, its context built on the first call. */
    private SSLSocketFactory tlsSockets() {
        SSLSocketFactory f = tls;
        if (f == null) {
            f = tlsContext.get();
            tls = f;
        }
        return f;
    }

    /**
     * The answer's headers in the order sent (field 0 is the status line). Not {@code getHeaderFields()}: JDK 17 gives
     * a header's values there in reverse order.
     */
    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; connection.getHeaderField(i) != null; i++) {
            String name = connection.getHeaderFieldKey(i);
            if (name != null) {
                headers.computeIfAbsent(name, n -> new ArrayList<>()).add(connection.getHeaderField(i));
            }
        }
        return headers;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static long seconds(Duration d) {
        return Math.max(1, Math.round(d.toMillis() / 1000.0));
    }

    /** The socket's body stream, a read timeout said as the registry's stall. */
    private static final class StallReporting extends FilterInputStream {
        private final Duration wait;

        StallReporting(InputStream in, Duration wait) {
            super(in);
            this.wait = wait;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw stalled(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw stalled(e);
            }
        }

        private IOException stalled(SocketTimeoutException e) {
            return new IOException("the registry sent nothing for " + seconds(wait) + " s; gave up", e);
        }
    }
}
