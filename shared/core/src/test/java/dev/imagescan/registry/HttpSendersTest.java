package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The carrier of the registry client's requests, {@link UrlConnectionSender}, against real sockets on loopback:
 * answers of any status, headers without case, a refused form POST still an answer, both timeouts, and a TLS context
 * built on the first https request only (https against a real registry: {@code HttpsRegistryTest}).
 */
class HttpSendersTest {
    private static final Duration SHORT = Duration.ofMillis(600);

    @Test
    void plainHttpGivesEveryStatusWithItsHeadersAndBody() throws IOException {
        HttpServer server = server();
        AtomicReference<String> form = new AtomicReference<>();
        AtomicReference<String> type = new AtomicReference<>();
        server.createContext("/token", exchange -> {
            form.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            type.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"one\"");
            exchange.getResponseHeaders().add("www-authenticate", "Bearer realm=\"http://x/two\"");
            exchange.getResponseHeaders().add("Link", "</v2/a/tags/list?n=2&last=b>; rel=\"next\"");
            byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            UrlConnectionSender sender = new UrlConnectionSender(Duration.ofSeconds(5), Duration.ofSeconds(5));
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
            HttpAnswer answer = sender.send(new HttpRequestSpec("POST", uri,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=refresh_token".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)));

            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers("WWW-AUTHENTICATE")).containsExactly("Basic realm=\"one\"",
                    "Bearer realm=\"http://x/two\"");
            assertThat(answer.header("link")).hasValue("</v2/a/tags/list?n=2&last=b>; rel=\"next\"");
            try (InputStream in = answer.body()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("UNAUTHORIZED");
            }
            assertThat(form.get()).isEqualTo("grant_type=refresh_token");
            assertThat(type.get()).isEqualTo("application/x-www-form-urlencoded");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerThatDoesNotStartInTimeIsATimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = acceptInBackground(silent, null);
            UrlConnectionSender sender = new UrlConnectionSender(Duration.ofSeconds(5), Duration.ofSeconds(30));
            long start = System.nanoTime();

            assertThatThrownBy(() -> sender.send(HttpRequestSpec.of("GET", URI.create("http://127.0.0.1:"
                    + silent.getLocalPort() + "/v2/"), Map.of(), SHORT)))
                    .isInstanceOf(HttpTimeoutException.class).hasMessage("no answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            close(accepted);
        }
    }

    @Test
    void aBodyThatStallsSaysTheRegistrySentNothing() throws IOException {
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            byte[] head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"
                    .getBytes(StandardCharsets.US_ASCII);
            List<Socket> accepted = acceptInBackground(stalling, head);
            UrlConnectionSender sender = new UrlConnectionSender(Duration.ofSeconds(5), SHORT);
            HttpAnswer answer = sender.send(HttpRequestSpec.of("GET", URI.create("http://127.0.0.1:"
                    + stalling.getLocalPort() + "/v2/r/blobs/sha256:00"), Map.of(), Duration.ofSeconds(30)));
            long start = System.nanoTime();

            assertThat(answer.statusCode()).isEqualTo(200);
            try (InputStream body = answer.body()) {
                assertThat(body.readNBytes(10)).isEqualTo("0123456789".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class)
                        .hasMessage("the registry sent nothing for 1 s; gave up");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            close(accepted);
        }
    }

    @Test
    void httpsAloneBuildsTheTlsContextAndOnFirstUse() throws IOException {
        HttpServer server = server();
        server.createContext("/v2/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try {
            UrlConnectionSender sender = new UrlConnectionSender(Duration.ofSeconds(2), Duration.ofSeconds(5));
            HttpAnswer answer = sender.send(HttpRequestSpec.of("GET", URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/v2/"), Map.of(), Duration.ofSeconds(5)));
            answer.body().close();

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(sender.tlsStarted()).isFalse();
            assertThatThrownBy(() -> sender.send(HttpRequestSpec.of("GET",
                    URI.create("https://127.0.0.1:" + closedPort + "/v2/"), Map.of(), Duration.ofSeconds(5))))
                    .isInstanceOf(IOException.class);
            assertThat(sender.tlsStarted()).isTrue();
            assertThatThrownBy(() -> sender.send(HttpRequestSpec.of("GET", URI.create("ftp://127.0.0.1/"),
                    Map.of(), Duration.ofSeconds(5)))).isInstanceOf(IllegalArgumentException.class);
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer server() throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    }

    /** Accepts connections on a daemon thread, writes {@code head} (if any) to each, then stays silent. */
    private static List<Socket> acceptInBackground(ServerSocket server, byte[] head) {
        List<Socket> accepted = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    if (head != null) {
                        s.getOutputStream().write(head);
                        s.getOutputStream().flush();
                    }
                }
            } catch (IOException e) {
                // the server socket was closed: the test is over
            }
        }, "silent-server");
        t.setDaemon(true);
        t.start();
        return accepted;
    }

    private static void close(List<Socket> sockets) throws IOException {
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
