package dev.imagescan.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * https requests through {@code java.net.http}'s client, with the JVM's trust store and host name verification,
 * HTTP/1.1 and no redirect of its own. The client (and with it the TLS context: the trust store parsed, some 570
 * classes loaded) is built on the first https request only, so a scan of a plain-http registry never pays for it.
 * Bodies come through {@link TimedBodyStream}, which adds the read timeout the client lacks.
 */
final class TlsHttpSender implements HttpSender {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private volatile HttpClient client;

    TlsHttpSender(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Whether the client was built (for the test that plain http builds none). */
    boolean started() {
        return client != null;
    }

    @Override
    public HttpAnswer send(HttpRequestSpec request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout())
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        try {
            HttpResponse<InputStream> response = client().send(builder.build(), TimedBodyStream.handler(readTimeout));
            return new HttpAnswer(response.statusCode(), request.uri(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + request.uri().getHost());
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }
}
