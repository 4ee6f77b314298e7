package dev.imagescan.vulndb.fetch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP server for the feed tests: serves documents under the feeds' official paths with an ETag and a
 * Last-Modified, answers {@code 304} to a matching {@code If-None-Match} (or, without an ETag,
 * {@code If-Modified-Since}) unless told to serve a document anew each time, answers {@code HEAD} with the headers
 * alone, and can answer a status, or announce a body and send half of it.
 */
final class OfficialPathsServer implements AutoCloseable {
    /** What a path answers; {@code anew}: as a server that makes the document for every request (no 304). */
    record Answer(int status, byte[] body, String etag, String lastModified, boolean truncated, boolean anew) {
        Answer(int status, byte[] body, String etag, String lastModified, boolean truncated) {
            this(status, body, etag, lastModified, truncated, false);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** Each request: path, its If-None-Match, its If-Modified-Since, the status answered. */
    final List<String> log = new ArrayList<>();

    OfficialPathsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                Answer a = answers.get(path);
                String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
                String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
                int status = a == null ? 404 : a.status();
                boolean sameTag = a != null && a.etag() != null && a.etag().equals(ifNoneMatch);
                boolean sameTime = a != null && a.etag() == null && a.lastModified() != null
                        && a.lastModified().equals(ifModifiedSince);
                if (status == 200 && (sameTag || sameTime) && !a.anew()) {
                    status = 304;
                }
                boolean head = exchange.getRequestMethod().equals("HEAD");
                synchronized (log) {
                    log.add((head ? "HEAD " : "") + path + " " + ifNoneMatch + " " + ifModifiedSince + " " + status);
                }
                if (a != null && a.etag() != null) {
                    exchange.getResponseHeaders().add("ETag", a.etag());
                }
                if (a != null && a.lastModified() != null) {
                    exchange.getResponseHeaders().add("Last-Modified", a.lastModified());
                }
                if (status != 200 || head) {
                    exchange.sendResponseHeaders(status, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, a.body().length);
                OutputStream out = exchange.getResponseBody();
                out.write(a.body(), 0, a.truncated() ? a.body().length / 2 : a.body().length);
                out.flush(); // a truncated answer is closed here, short of its announced length
            } catch (IOException e) {
                // a truncated answer: the server will not close a short body cleanly, which is the point
            }
        });
        server.start();
    }

    void serve(String path, byte[] body, String etag, String lastModified) {
        answers.put(path, new Answer(200, body, etag, lastModified, false));
    }

    /** Serves {@code body} as cgit serves a snapshot: made anew for every request, never answered with 304. */
    void serveAnew(String path, byte[] body, String etag) {
        answers.put(path, new Answer(200, body, etag, null, false, true));
    }

    void status(String path, int status) {
        answers.put(path, new Answer(status, new byte[0], null, null, false));
    }

    void truncated(String path, byte[] body) {
        answers.put(path, new Answer(200, body, "\"t\"", null, true));
    }

    String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
    }

    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
