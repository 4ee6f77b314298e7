package dev.imagescan.functions.api.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.functions.api.ApiHandler;
import dev.imagescan.functions.api.PresignedLinks;
import dev.imagescan.functions.api.ResponseLimit;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.memory.InMemoryJobQueue;
import dev.imagescan.store.memory.InMemoryObjectStore;
import dev.imagescan.store.memory.InMemoryPolicyStore;
import dev.imagescan.store.memory.InMemoryScanTable;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Fuzzes the API function with the requests API Gateway delivers: method, path (the routes' shapes with fuzzed
 * segments), query parameters (among them the page token {@code next}), {@code Content-Type} and {@code If-Match},
 * and the body, plain or base64-encoded: {@code POST /scans} and {@code PUT /policy} bodies reach their JSON readers.
 * The handler runs its real routes over the in-memory ports (the presigner signs locally, with no network call).
 * Every bad request must be answered with a 4xx naming the problem; a 500 (an exception the API did not expect, whose
 * stack trace the handler logs) is a finding, as are an exception out of the handler, a hang or an OutOfMemoryError.
 */
class ApiRequestFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "text/plain", "application/json; charset=latin1"};
    private static final ByteArrayOutputStream ERRORS = new ByteArrayOutputStream();
    private static final ApiHandler HANDLER = handler();

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        HANDLER.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath("/images")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("warm-up")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build(), null);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void request(FuzzedDataProvider data) {
        APIGatewayV2HTTPEvent event = event(data);
        ERRORS.reset();
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);
        if (response.getStatusCode() >= 500) {
            throw new AssertionError("status " + response.getStatusCode() + " for " + event.getRequestContext()
                    .getHttp().getMethod() + " " + event.getRawPath() + ": " + response.getBody() + "\n"
                    + ERRORS.toString(StandardCharsets.UTF_8));
        }
    }

    private static APIGatewayV2HTTPEvent event(FuzzedDataProvider data) {
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(8);
        String segment = data.consumeString(160);
        String path = switch (data.consumeInt(0, 7)) {
            case 0 -> "/scans";
            case 1 -> "/scans/" + segment;
            case 2 -> "/images";
            case 3 -> "/images/" + segment;
            case 4 -> "/images/" + segment + "/report";
            case 5 -> "/images/" + segment + "/verdict";
            case 6 -> "/policy";
            default -> segment;
        };
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : new String[] {"limit", "next", "format", "redirect"}) {
            if (data.consumeBoolean()) {
                query.put(name, data.consumeString(200));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (data.consumeBoolean()) {
            headers.put("Content-Type", data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(60));
        }
        if (data.consumeBoolean()) {
            headers.put("If-Match", data.consumeString(40));
        }
        boolean base64 = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(headers)
                .withIsBase64Encoded(base64)
                .withBody(base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("fuzz")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }

    private static ApiHandler handler() {
        FunctionSettings settings = new FunctionSettings("bucket", "table", "queue", 3, 60, null);
        FunctionContext context = new FunctionContext(settings, new InMemoryObjectStore(CLOCK),
                new InMemoryScanTable(CLOCK), new InMemoryJobQueue(CLOCK), new InMemoryPolicyStore(CLOCK),
                CompletionQueue.NONE);
        S3Presigner presigner = S3Presigner.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("fuzz", "fuzz")))
                .endpointOverride(URI.create("https://s3.example.com"))
                .build();
        PresignedLinks links = new PresignedLinks(presigner, "bucket", PresignedLinks.EXPIRY);
        return new ApiHandler(ApiHandler.routes(context, links, CLOCK), new ResponseLimit(ResponseLimit.LAMBDA),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(ERRORS, true, StandardCharsets.UTF_8));
    }
}
