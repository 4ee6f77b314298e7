package dev.imagescan.testing.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EventBridge endpoint for tests, since no open-source EventBridge server exists: a real HTTP server on a free
 * loopback port speaking the service's JSON 1.1 protocol ({@code X-Amz-Target: AWSEvents.<Operation>}) for
 * {@code PutEvents} and {@code CreateEventBus}, so the SDK's own client talks to it. It checks what the service
 * checks:
 * <ul>
 * <li>a signed request (an {@code AWS4-HMAC-SHA256} authorization header; the signature itself is not verified);
 * <li>1 to 10 entries, else {@code ValidationException} for the whole request; entries totalling more than 256 KiB
 *     (the UTF-8 bytes of source, detail type, detail and resources, plus 14 for a time), likewise;
 * <li>per entry: {@code Source}, {@code DetailType} and {@code Detail} present ({@code InvalidArgument}),
 *     {@code Detail} one JSON object ({@code MalformedDetail}), the bus existing ({@code InvalidArgument}; the
 *     account's {@code default} bus always does).
 * </ul>
 * Accepted entries get an event id and are recorded ({@link #entries}); {@link #failNext} makes the next entries fail
 * with {@code InternalFailure}, as the service does now and then, so retries can be tested.
 */
public final class LocalEventBus implements AutoCloseable {
    /** The account the ARNs name. */
    public static final String ACCOUNT = "000000000000";
    /** The most bytes the entries of one request may total. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String region;
    private final Set<String> buses = ConcurrentHashMap.newKeySet();
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * An event taken by the bus.
     *
     * @param bus the bus's name
     */
    public record Entry(String eventId, String bus, String source, String detailType, String detail,
            List<String> resources, Instant receivedAt) {}

    private LocalEventBus(HttpServer server, ExecutorService executor, String region) {
        this.server = server;
        this.executor = executor;
        this.region = region;
        buses.add("default");
    }

    /** A bus server on a free loopback port, answering for {@code region}. */
    public static LocalEventBus start(String region) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "local-event-bus");
                t.setDaemon(true);
                return t;
            });
            LocalEventBus bus = new LocalEventBus(server, executor, region);
            server.createContext("/", bus::handle);
            server.setExecutor(executor);
            server.start();
            return bus;
        } catch (IOException e) {
            throw new IllegalStateException("starting the local event bus: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes a bus (as {@code CreateEventBus} does); true if it was new. */
    public boolean createBus(String name) {
        return buses.add(name);
    }

    /** The events taken by {@code bus}, in the order taken. */
    public List<Entry> entries(String bus) {
        return entries.stream().filter(e -> e.bus().equals(bus)).toList();
    }

    /** Makes the next {@code n} entries sent (to any bus) fail with {@code InternalFailure}. */
    public void failNext(int n) {
        failures.set(n);
    }

    /** How many PutEvents requests arrived, answered or refused. */
    public int putRequests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 400, "UnknownOperationException", "only POST");
            } else if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
            } else if ("AWSEvents.PutEvents".equals(target)) {
                requests.incrementAndGet();
                putEvents(exchange, body);
            } else if ("AWSEvents.CreateEventBus".equals(target)) {
                createEventBus(exchange, body);
            } else {
                error(exchange, 400, "UnknownOperationException", "unsupported operation " + target);
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "InternalException", e.toString());
        }
    }

    private void createEventBus(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, Object> request = object(exchange, body);
        if (request == null) {
            return;
        }
        if (!(request.get("Name") instanceof String name) || name.isEmpty()) {
            error(exchange, 400, "ValidationException", "1 validation error detected: Value null at 'name' failed "
                    + "to satisfy constraint: Member must not be null");
            return;
        }
        if (!createBus(name)) {
            error(exchange, 400, "ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
            return;
        }
        answer(exchange, Map.of("EventBusArn", arn(name)));
    }

    private void putEvents(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, Object> request = object(exchange, body);
        if (request == null) {
            return;
        }
        if (!(request.get("Entries") instanceof List<?> list) || list.isEmpty() || list.size() > 10) {
            int n = request.get("Entries") instanceof List<?> l ? l.size() : 0;
            error(exchange, 400, "ValidationException", "1 validation error detected: Value at 'entries' failed to "
                    + "satisfy constraint: Member must have length " + (n == 0 ? "greater than or equal to 1"
                            : "less than or equal to 10"));
            return;
        }
        long total = 0;
        for (Object o : list) {
            total += size(o);
        }
        if (total > MAX_REQUEST_BYTES) {
            error(exchange, 400, "ValidationException", "Total size of the entries in the request is over the limit.");
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (Object o : list) {
            Map<String, Object> result = entry(o);
            if (result.containsKey("ErrorCode")) {
                failed++;
            }
            results.add(result);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("FailedEntryCount", failed);
        response.put("Entries", results);
        answer(exchange, response);
    }

    /** Validates and records one entry; its result entry. */
    private Map<String, Object> entry(Object o) {
        if (!(o instanceof Map<?, ?> e)) {
            return failure("InvalidArgument", "An entry is an object.");
        }
        for (String required : new String[] {"Source", "DetailType", "Detail"}) {
            if (!(e.get(required) instanceof String s) || s.isEmpty()) {
                return failure("InvalidArgument", "Parameter " + required + " is not valid. Reason: " + required
                        + " is a required argument.");
            }
        }
        String detail = (String) e.get("Detail");
        if (!isJsonObject(detail)) {
            return failure("MalformedDetail", "Detail is malformed.");
        }
        String bus = busName(e.get("EventBusName"));
        if (!buses.contains(bus)) {
            return failure("InvalidArgument", "Event bus " + bus + " does not exist.");
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return failure("InternalFailure", "Injected failure: the service could not take this entry.");
        }
        List<String> resources = new ArrayList<>();
        if (e.get("Resources") instanceof List<?> rs) {
            rs.forEach(r -> resources.add(String.valueOf(r)));
        }
        String id = UUID.randomUUID().toString();
        entries.add(new Entry(id, bus, (String) e.get("Source"), (String) e.get("DetailType"), detail,
                List.copyOf(resources), Instant.now()));
        return Map.of("EventId", id);
    }

    private String busName(Object given) {
        if (!(given instanceof String name) || name.isEmpty()) {
            return "default";
        }
        int slash = name.startsWith("arn:") ? name.lastIndexOf('/') : -1;
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private String arn(String bus) {
        return "arn:aws:events:" + region + ":" + ACCOUNT + ":event-bus/" + bus;
    }

    /** The size the service counts for an entry. */
    private static long size(Object o) {
        if (!(o instanceof Map<?, ?> e)) {
            return 0;
        }
        long size = e.get("Time") != null ? 14 : 0;
        for (String field : new String[] {"Source", "DetailType", "Detail"}) {
            if (e.get(field) instanceof String s) {
                size += s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (e.get("Resources") instanceof List<?> rs) {
            for (Object r : rs) {
                size += String.valueOf(r).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return size;
    }

    private static boolean isJsonObject(String text) {
        try (JsonParser p = JSON_FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Object> failure(String code, String message) {
        return Map.of("ErrorCode", code, "ErrorMessage", message);
    }

    /** The request body as a JSON object, or null after answering that it is not one. */
    private static Map<String, Object> object(HttpExchange exchange, byte[] body) throws IOException {
        try {
            Map<String, Object> map = JSON.std.mapFrom(body);
            if (map != null) {
                return map;
            }
        } catch (IOException e) {
            // answered below
        }
        error(exchange, 400, "SerializationException", "the request body is not a JSON object");
        return null;
    }

    private static void answer(HttpExchange exchange, Map<String, Object> response) throws IOException {
        send(exchange, 200, JSON.std.asBytes(response));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        send(exchange, status, JSON.std.asBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
