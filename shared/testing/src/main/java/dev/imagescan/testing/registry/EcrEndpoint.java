package dev.imagescan.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small endpoint speaking ECR's JSON protocol (AWS JSON 1.1: {@code POST /} with
 * {@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.OPERATION}) for the operations the functions call:
 * {@code GetAuthorizationToken} (a base64 {@code AWS:password} token for the registry this endpoint stands in front
 * of, with its {@code proxyEndpoint} and {@code expiresAt}), and {@code DescribeRepositories} and
 * {@code DescribeImages}, paged with {@code nextToken} and {@code maxResults} (at most {@link #pageSize} per page).
 * The SDK's requests are signed; this endpoint does not check signatures. A real registry
 * ({@link LocalRegistry}) stands in for ECR's registry API; this endpoint only for its control API.
 */
public final class EcrEndpoint implements AutoCloseable {
    private static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String account;
    private final String proxyEndpoint;
    private final String user;
    private final String password;
    private final Map<String, List<Image>> repositories = new TreeMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile String refusal;
    private volatile int pageSize = 1000;

    /** An image as DescribeImages lists it. */
    public record Image(String digest, List<String> tags) {}

    /**
     * @param proxyEndpoint the registry API the tokens are for ({@code http://127.0.0.1:PORT}: the local registry)
     */
    public EcrEndpoint(String account, String proxyEndpoint, String user, String password) throws IOException {
        this.account = account;
        this.proxyEndpoint = proxyEndpoint;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint for the SDK's {@code endpointOverride}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes GetAuthorizationToken answer HTTP 400 with {@code code} (e.g. AccessDeniedException) from now on. */
    public void refuse(String code) {
        this.refusal = code;
    }

    /** At most {@code n} items per page of DescribeRepositories and DescribeImages. */
    public void pageSize(int n) {
        this.pageSize = n;
    }

    /** Lists {@code image} in {@code repository} (made if new). */
    public synchronized void add(String repository, Image image) {
        repositories.computeIfAbsent(repository, r -> new ArrayList<>()).add(image);
    }

    /** How many times {@code operation} was called. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            }
            if (target == null || !target.startsWith(PREFIX)) {
                send(exchange, 400, error("UnknownOperationException", "no X-Amz-Target"));
                return;
            }
            String operation = target.substring(PREFIX.length());
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            switch (operation) {
                case "GetAuthorizationToken" -> token(exchange);
                case "DescribeRepositories" -> describeRepositories(exchange, request);
                case "DescribeImages" -> describeImages(exchange, request);
                default -> send(exchange, 400, error("UnknownOperationException", operation));
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        if (refusal != null) {
            send(exchange, 400, error(refusal, "User is not authorized to perform: ecr:GetAuthorizationToken"));
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode data = answer.putArray("authorizationData").addObject();
        data.put("authorizationToken", Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        data.put("expiresAt", Instant.now().plus(Duration.ofHours(12)).getEpochSecond());
        data.put("proxyEndpoint", proxyEndpoint);
        send(exchange, 200, answer);
    }

    private synchronized void describeRepositories(HttpExchange exchange, JsonNode request) throws IOException {
        List<String> names = new ArrayList<>(repositories.keySet());
        int from = start(request);
        int to = Math.min(names.size(), from + limit(request));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("repositories");
        for (String name : names.subList(from, to)) {
            ObjectNode r = list.addObject();
            r.put("registryId", account);
            r.put("repositoryName", name);
            r.put("repositoryArn", "arn:aws:ecr:eu-west-1:" + account + ":repository/" + name);
            r.put("repositoryUri", URI.create(proxyEndpoint).getAuthority() + "/" + name);
        }
        if (to < names.size()) {
            answer.put("nextToken", Integer.toString(to));
        }
        send(exchange, 200, answer);
    }

    private synchronized void describeImages(HttpExchange exchange, JsonNode request) throws IOException {
        String name = request.path("repositoryName").asText(null);
        List<Image> images = name == null ? null : repositories.get(name);
        if (images == null) {
            send(exchange, 400, error("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + account + "'"));
            return;
        }
        int from = start(request);
        int to = Math.min(images.size(), from + limit(request));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("imageDetails");
        for (Image image : images.subList(from, to)) {
            ObjectNode d = list.addObject();
            d.put("registryId", account);
            d.put("repositoryName", name);
            d.put("imageDigest", image.digest());
            ArrayNode tags = d.putArray("imageTags");
            image.tags().forEach(tags::add);
            d.put("imageManifestMediaType", "application/vnd.oci.image.manifest.v1+json");
        }
        if (to < images.size()) {
            answer.put("nextToken", Integer.toString(to));
        }
        send(exchange, 200, answer);
    }

    private static int start(JsonNode request) {
        return request.hasNonNull("nextToken") ? Integer.parseInt(request.get("nextToken").asText()) : 0;
    }

    private int limit(JsonNode request) {
        int asked = request.path("maxResults").asInt(1000);
        return Math.max(1, Math.min(asked, pageSize));
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("__type", code);
        e.put("message", message);
        return e;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
