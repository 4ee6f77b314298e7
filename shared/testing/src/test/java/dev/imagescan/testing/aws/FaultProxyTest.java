package dev.imagescan.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The fault proxy: its faults are read by the SDK's own clients as the real services' (status, error code,
 * throttling, the exception type), requests are passed on byte for byte over persistent connections, the ambiguous
 * kind reaches the server, and the same seed gives the same faults.
 */
class FaultProxyTest {
    /** Nothing listens here: a fault answered before forwarding never connects. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    private HttpServer backend;
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> bodies = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (bodies) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
            byte[] answer = ("echo " + exchange.getRequestMethod() + " " + body.length)
                    .getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().add("Content-Length", Integer.toString(answer.length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stop() {
        proxies.forEach(FaultProxy::close);
        backend.stop(0);
    }

    private FaultProxy proxy(FaultProxy.Service service, URI target, double rate, Fault... kinds) {
        FaultProxy proxy = FaultProxy.start(service, target, rate, List.of(kinds), 42);
        proxies.add(proxy);
        return proxy;
    }

    @Test
    void s3FaultsAreReadAsS3sOwn() {
        FaultProxy slow = proxy(FaultProxy.Service.S3, NOWHERE, 1, Fault.S3_SLOW_DOWN);
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(slow.endpoint())
                .forcePathStyle(true).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("b").key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        }
        FaultProxy internal = proxy(FaultProxy.Service.S3, NOWHERE, 1, Fault.S3_INTERNAL_ERROR);
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(internal.endpoint())
                .forcePathStyle(true).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(2))).build()) {
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("b").key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    });
        }
        assertThat(internal.injected()).containsEntry(Fault.S3_INTERNAL_ERROR, 2L); // the SDK retried it once
        assertThat(slow.injected()).containsEntry(Fault.S3_SLOW_DOWN, 2L);
        assertThat(slow.injectedByOperation()).containsEntry("GET", 1L).containsEntry("HEAD", 1L);
        assertThat(slow.forwarded()).isZero();
    }

    @Test
    void dynamoDbFaultsAreReadAsDynamoDbsOwn() {
        try (DynamoDbClient db = dynamo(proxy(FaultProxy.Service.DYNAMODB, NOWHERE, 1,
                Fault.DYNAMODB_THROUGHPUT_EXCEEDED))) {
            assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(java.util.Map.of())))
                    .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class,
                            e -> assertThat(e.isThrottlingException()).isTrue());
        }
        try (DynamoDbClient db = dynamo(proxy(FaultProxy.Service.DYNAMODB, NOWHERE, 1, Fault.DYNAMODB_THROTTLING))) {
            assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(java.util.Map.of())))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        }
        try (DynamoDbClient db = dynamo(proxy(FaultProxy.Service.DYNAMODB, NOWHERE, 1,
                Fault.DYNAMODB_INTERNAL_ERROR))) {
            assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(java.util.Map.of())))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
                    });
        }
    }

    @Test
    void sqsFaultsAreReadAsSqssOwn() {
        FaultProxy proxy = proxy(FaultProxy.Service.SQS, NOWHERE, 1, Fault.SQS_THROTTLING);
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(proxy.endpoint())
                .credentialsProvider(credentials()).overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(proxy.endpoint() + "/000000000000/q")
                    .messageBody("x"))).isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        }
        assertThat(proxy.injectedByOperation()).containsOnlyKeys("AmazonSQS.SendMessage");
    }

    @Test
    void requestsArePassedOnOverPersistentConnections() throws Exception {
        FaultProxy proxy = proxy(FaultProxy.Service.S3, URI.create("http://127.0.0.1:" + backend.getAddress()
                .getPort()), 0, Fault.S3_INTERNAL_ERROR);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = proxy.endpoint().resolve("/bucket/key");
        byte[] large = new byte[300_000];
        Arrays.fill(large, (byte) 'a');
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(large)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.body()).isEqualTo("echo PUT 300000");
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream("chunked body".getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.body()).isEqualTo("echo PUT 12");
        HttpResponse<Void> head = client.send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            HttpResponse<InputStream> get = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = get.body()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("echo GET 0");
            }
        }
        assertThat(proxy.forwarded()).isEqualTo(8);
        assertThat(served).hasValue(8);
        assertThat(bodies).contains("chunked body");
        assertThat(proxy.injected()).isEmpty();
    }

    @Test
    void anAmbiguousFaultReachesTheServerAndOnlyItsAnswerIsLost() throws Exception {
        FaultProxy proxy = proxy(FaultProxy.Service.DYNAMODB, URI.create("http://127.0.0.1:"
                + backend.getAddress().getPort()), 1, Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
                .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"t\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("InternalServerError");
        assertThat(bodies).containsExactly("{\"TableName\":\"t\"}");
        assertThat(proxy.injectedByOperation()).containsEntry("DynamoDB_20120810.PutItem", 1L);
    }

    @Test
    void theSameSeedGivesTheSameFaults() throws Exception {
        URI target = URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FaultProxy proxy = proxy(FaultProxy.Service.S3, target, 0.3, Fault.S3_INTERNAL_ERROR, Fault.S3_SLOW_DOWN);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(client.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/b/k" + i)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            runs.add(statuses);
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(200, 500, 503);
    }

    private static DynamoDbClient dynamo(FaultProxy proxy) {
        return DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(proxy.endpoint())
                .credentialsProvider(credentials()).overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
}
