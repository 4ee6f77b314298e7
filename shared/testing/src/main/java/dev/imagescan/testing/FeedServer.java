package dev.imagescan.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HTTP server on loopback that serves what a test puts under a path: a body with a status, or a body cut short
 * (the {@code Content-Length} of the whole, then the connection closed half way). Unknown paths are 404.
 */
public final class FeedServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** What one path answers; with an ETag, a request whose If-None-Match names it gets 304. */
    private record Response(int status, String contentType, byte[] body, boolean truncated, String etag) {
        Response(int status, String contentType, byte[] body, boolean truncated) {
            this(status, contentType, body, truncated, null);
        }
    }

    /** Each request answered: path, then the status sent. */
    private final List<String> log = new CopyOnWriteArrayList<>();

    public FeedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The URL of {@code path} (starting with {@code /}) on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Serves {@code body} with status 200 under {@code path}. */
    public void serve(String path, byte[] body) {
        serve(path, 200, "application/zip", body);
    }

    /** Serves {@code body} with {@code status} and {@code contentType} under {@code path}. */
    public void serve(String path, int status, String contentType, byte[] body) {
        responses.put(path, new Response(status, contentType, body.clone(), false));
    }

    /** Announces all of {@code body} under {@code path} but sends only its first half, then drops the connection. */
    public void serveTruncated(String path, byte[] body) {
        responses.put(path, new Response(200, "application/zip", body.clone(), true));
    }

    /**
     * Serves {@code body} with status 200 and {@code etag} under {@code path}, and 304 with no body to a request
     * whose {@code If-None-Match} is that ETag (a conditional request for an unchanged document).
     */
    public void serveWithEtag(String path, byte[] body, String etag) {
        responses.put(path, new Response(200, "application/octet-stream", body.clone(), false, etag));
    }

    /** Each request answered so far, as {@code <path> <status>}. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Response r = responses.get(path);
            if (r != null && r.etag() != null) {
                exchange.getResponseHeaders().set("ETag", r.etag());
                if (r.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    log.add(path + " 304");
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
            }
            log.add(path + " " + (r == null ? 404 : r.status()));
            if (r == null) {
                byte[] body = "not found".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), r.body().length);
            OutputStream out = exchange.getResponseBody();
            if (r.truncated()) {
                out.write(r.body(), 0, r.body().length / 2);
                out.flush();
                // closing the exchange with bytes missing makes the server drop the connection
                return;
            }
            out.write(r.body());
        } catch (IOException e) {
            // the truncated response: the server refuses to close a short body cleanly, which is the point
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
