package dev.imagescan.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagescan.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of a test registry that passes GETs through, except where a test asked for a fault:
 * the next N requests whose path matches answer a given status (with headers such as {@code Retry-After}), or stall
 * after sending the headers. Counts the requests per path. It can also page the tags list ({@link #pageTags}) as the
 * distribution spec says and Distribution 2.8 does not.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Pattern TAGS_LIST = Pattern.compile("/v2/.+/tags/list");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "keep-alive", "upgrade", "date");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstream;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Pattern redirectPath;
    private volatile String redirectTo;
    private volatile Pattern holdPath;
    private volatile long holdMinBytes;
    private volatile CountDownLatch holdRelease;
    private volatile boolean pageTags;

    private static final class Fault {
        final Pattern path;
        final int status;
        final Map<String, String> headers;
        final AtomicInteger remaining;
        final boolean stall;

        Fault(Pattern path, int status, Map<String, String> headers, int times, boolean stall) {
            this.path = path;
            this.status = status;
            this.headers = headers;
            this.remaining = new AtomicInteger(times);
            this.stall = stall;
        }
    }

    /** A proxy to {@code upstreamHost} ({@code 127.0.0.1:PORT}). */
    public FaultProxy(String upstreamHost) throws IOException {
        this.upstream = "http://" + upstreamHost;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}: reach the registry through the proxy with this host. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} requests whose path matches {@code pathRegex} answer {@code status}, with headers. */
    public void fail(String pathRegex, int status, int times, Map<String, String> headers) {
        faults.add(new Fault(Pattern.compile(pathRegex), status, Map.copyOf(headers), times, false));
    }

    /** The next request whose path matches sends a 200 and a few bytes, then nothing more until closed. */
    public void stall(String pathRegex) {
        faults.add(new Fault(Pattern.compile(pathRegex), 200, Map.of(), 1, true));
    }

    /**
     * Every request whose path matches {@code pathRegex} is answered {@code 307} to the same path on
     * {@code targetBase} ({@code http://host:port}), as registries redirect blobs to their storage.
     */
    public void redirect(String pathRegex, String targetBase) {
        redirectTo = targetBase;
        redirectPath = Pattern.compile(pathRegex);
    }

    /**
     * Answers of more than {@code minBytes} to requests whose path matches {@code pathRegex} pass half their body,
     * then wait until {@code release} is counted down (at most 60 s) before the rest: a download held half-way, for a
     * progress display to be watched.
     */
    public void holdHalfway(String pathRegex, long minBytes, CountDownLatch release) {
        holdMinBytes = minBytes;
        holdRelease = release;
        holdPath = Pattern.compile(pathRegex);
    }

    /**
     * Answers {@code GET /v2/NAME/tags/list?n=N&last=T} a page at a time, as the OCI distribution spec says (and
     * Distribution 3, Harbor, GHCR, ECR's registry API do): the registry's whole list, which Distribution 2.8 sends
     * in one answer whatever {@code n} and {@code last} say, sorted lexically, the tags after {@code last}, at most
     * {@code n}, and {@code Link: </v2/NAME/tags/list?n=N&last=LAST>; rel="next"} while more remain.
     */
    public void pageTags() {
        pageTags = true;
    }

    /** The Authorization headers of the requests received so far, "" for a request without one. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Requests whose path matched {@code pathRegex}, faults included. */
    public int requests(String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests.entrySet().stream().filter(e -> p.matcher(e.getKey()).matches())
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Pattern redirecting = redirectPath;
            if (redirecting != null && redirecting.matcher(path).matches()) {
                exchange.getResponseHeaders().set("Location", redirectTo + exchange.getRequestURI());
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            for (Fault f : faults) {
                if (f.path.matcher(path).matches() && f.remaining.getAndDecrement() > 0) {
                    if (f.stall) {
                        exchange.sendResponseHeaders(200, 1_000_000);
                        exchange.getResponseBody().write(new byte[] {0x1f});
                        exchange.getResponseBody().flush();
                        Thread.sleep(30_000);
                        return;
                    }
                    f.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                    byte[] body = ("{\"errors\":[{\"code\":\"INJECTED\",\"message\":\"fault " + f.status + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(f.status, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
            }
            if (pageTags && TAGS_LIST.matcher(path).matches() && exchange.getRequestMethod().equals("GET")) {
                pageOfTags(exchange, path);
                return;
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pageOfTags(HttpExchange exchange, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + path));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> whole = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (whole.statusCode() != 200) {
            exchange.sendResponseHeaders(whole.statusCode(), -1);
            return;
        }
        JsonNode list = Json.parse(whole.body());
        List<String> tags = new ArrayList<>();
        list.path("tags").forEach(t -> tags.add(t.asText()));
        Collections.sort(tags);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int n = Integer.parseInt(query.getOrDefault("n", String.valueOf(tags.size())));
        String last = query.get("last");
        List<String> after = last == null ? tags : tags.stream().filter(t -> t.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        if (page.size() < after.size()) {
            exchange.getResponseHeaders().set("Link", "<" + path + "?n=" + n + "&last="
                    + URLEncoder.encode(page.get(page.size() - 1), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        ObjectNode body = Json.object().put("name", list.path("name").asText());
        page.forEach(body.putArray("tags")::add);
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        java.util.OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        long declared = head ? -1 : length.isEmpty() ? 0 : length.getAsLong() == 0 ? -1 : length.getAsLong();
        exchange.sendResponseHeaders(response.statusCode(), declared);
        Pattern holding = holdPath;
        try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
            if (!head && holding != null && declared > holdMinBytes
                    && holding.matcher(exchange.getRequestURI().getPath()).matches()) {
                out.write(in.readNBytes((int) (declared / 2)));
                out.flush();
                holdRelease.await(60, TimeUnit.SECONDS);
            }
            if (!head) {
                in.transferTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
