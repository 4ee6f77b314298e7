package dev.imagescan.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets Manager's {@code GetSecretValue} on loopback, as the AWS JSON 1.1 protocol has it ({@code POST /},
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}, a SigV4-signed JSON body naming {@code SecretId}): what the SDK
 * client of the function talks to in the tests. It holds one secret, which a test may change (a rotation), and
 * counts the reads.
 */
public final class LocalSecretsManager implements AutoCloseable {
    /** The id of the secret {@link #LocalSecretsManager(String)} holds. */
    public static final String SECRET_ID =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:imagescan-harbor-AbCdEf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger reads = new AtomicInteger();
    private final String secretId;
    private volatile String secret;

    /** Holds {@code secret} as {@link #SECRET_ID}. */
    public LocalSecretsManager(String secret) {
        this(SECRET_ID, secret);
    }

    /** Holds {@code secret} as {@code secretId} (its ARN). */
    public LocalSecretsManager(String secretId, String secret) {
        this.secretId = secretId;
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** Where the SDK client is pointed ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The successful reads so far. */
    public int reads() {
        return reads.get();
    }

    /** Replaces the secret's value (a rotation). */
    public void rotate(String next) {
        secret = next;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)
                    || auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                send(exchange, 400, "{\"__type\":\"InvalidRequestException\",\"message\":\"not a signed "
                        + "GetSecretValue\"}");
                return;
            }
            if (!secretId.equals(body.path("SecretId").asText())) {
                send(exchange, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't "
                        + "find the specified secret.\"}");
                return;
            }
            reads.incrementAndGet();
            send(exchange, 200, JSON.createObjectNode().put("ARN", secretId).put("Name", "imagescan-secret")
                    .put("SecretString", secret).put("VersionId", "v" + reads.get())
                    .put("CreatedDate", 1.7e9).toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
