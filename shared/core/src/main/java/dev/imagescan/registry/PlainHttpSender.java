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

/**
 * Plain-http requests (a loopback registry, an {@code --insecure-registry}) through the JDK's
 * {@link HttpURLConnection}: no TLS set-up at all, and a body that is the socket's own stream, read straight into the
 * layer reader's buffer. (The {@code java.net.http} client builds its default {@code SSLContext} on creation, whatever
 * the scheme, and hands a body over in 16 KiB buffers through its own threads: for a 58 MB layer from a loopback
 * registry it cost ~0.6 s of start-up and ~0.6 s of CPU more than this; docs/registry.md, "Figures".)
 *
 * <p>Redirects are not followed here (the transport follows them by its own rules), connections are kept alive by the
 * JDK's pool, proxies come from the default {@link java.net.ProxySelector} as for the other client. One socket timeout,
 * the shorter of the request's and the read timeout, bounds each wait for bytes, the status and headers included:
 * an answer that does not start in time is an {@link HttpTimeoutException}, a body that stalls an {@link IOException}
 * saying the registry sent nothing.
 */
final class PlainHttpSender implements HttpSender {
    private final Duration connectTimeout;
    private final Duration readTimeout;

    PlainHttpSender(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public HttpAnswer send(HttpRequestSpec request) throws IOException {
        if (!"http".equals(String.valueOf(request.uri().getScheme()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a plain-http URL: " + request.uri());
        }
        Duration wait = request.timeout().compareTo(readTimeout) < 0 ? request.timeout() : readTimeout;
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
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
