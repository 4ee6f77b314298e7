package dev.imagescan.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.ScanService;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.vulndb.DatabaseProvider;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.testing.Advisories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One deployment on the local servers (bucket, table, scan queue: {@link LocalStack}) with the real policy store,
 * the API handler over it, images scanned by the real {@link ScanService} against a crafted database, and requests
 * made the way API Gateway delivers them.
 */
final class ApiFixture {
    /** The API's clock: verdicts are judged on this day. */
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String CALLER = "arn:aws:sts::123456789012:assumed-role/imagescan-ci/test";
    /** Alpine 3.20 advisories: a Medium one with a fix (musl), a High one without (busybox). */
    static final InMemoryVulnDatabase DB = Advisories.db(
            Advisories.record("CVE-2026-1001").cvss("3.1", 5.5)
                    .affects(Advisories.fixedIn("Alpine:v3.20", "musl", "1.2.5-r1")).build(),
            Advisories.record("CVE-2026-1002").cvss("3.1", 8.1)
                    .affects(Advisories.fixedIn("Alpine:v3.20", "busybox", null)).build());

    final LocalStack stack = new LocalStack();
    final FunctionContext context;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final PolicyStore policies;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private ApiHandler handler;
    private ResponseLimit limit = new ResponseLimit(ResponseLimit.LAMBDA);
    private PresignedLinks links;
    private RegistryAllowList registries = RegistryAllowList.parse("");

    ApiFixture() {
        this(UnaryOperator.identity());
    }

    /** A deployment whose API sees the bucket through {@code wrap} (tests make it fail). */
    ApiFixture(UnaryOperator<FunctionContext> wrap) {
        FunctionContext real = stack.context();
        policies = real.policies();
        context = real;
        links = PresignedLinks.of(stack.settings(), stack.bucket());
        handler = handler(wrap.apply(real), limit);
    }

    ApiHandler handler(FunctionContext over, ResponseLimit limit) {
        return new ApiHandler(Api.routes(over, ApiFixture::readReport, limit, links, clock, registries), limit,
                new PrintStream(log, true, StandardCharsets.UTF_8), new PrintStream(errors, true,
                        StandardCharsets.UTF_8));
    }

    static dev.imagescan.report.VulnerabilityReport readReport(java.io.InputStream in) throws IOException {
        return new dev.imagescan.report.JsonReportReader().read(in);
    }

    /** Uses a handler that takes images from the registries {@code allowList} allows. */
    void allowRegistries(String allowList) {
        registries = RegistryAllowList.parse(allowList);
        handler = handler(context, limit);
    }

    /** Uses a handler whose admission webhook decides with {@code settings}. */
    void admission(AdmissionSettings settings) {
        handler = new ApiHandler(Api.routes(context, ApiFixture::readReport, limit, links, clock, registries,
                settings), limit, new PrintStream(log, true, StandardCharsets.UTF_8), new PrintStream(errors, true,
                        StandardCharsets.UTF_8));
    }

    /** Uses a handler whose responses are at most {@code maxBytes}. */
    void limitResponsesTo(int maxBytes) {
        limit = new ResponseLimit(maxBytes);
        handler = handler(context, limit);
    }

    /** Uses a handler whose presigned report URLs are valid for {@code expiry}. */
    void linksValidFor(Duration expiry) {
        links = new PresignedLinks(stack.settings().s3Presigner(), stack.bucket(), expiry);
        handler = handler(context, limit);
    }

    /** Uploads test image {@code n} under {@code incoming/app<n>.tar}, scans it at {@code at}; its digest. */
    String scanApp(int n, Instant at) {
        String key = "incoming/app" + n + ".tar";
        String etag = upload(key, n);
        JobOutcome outcome = scanService(context, () -> DB, Clock.fixed(at, ZoneOffset.UTC))
                .scanPushed(key, etag, new Delivery(1, 3));
        if (outcome.imageDigest() == null || !outcome.status().acknowledged()) {
            throw new AssertionError("scan of " + key + ": " + outcome);
        }
        return outcome.imageDigest();
    }

    /** The scan function's service over {@code context}: judges with the stored policy, tells nobody. */
    static ScanService scanService(FunctionContext context, DatabaseProvider db, Clock clock) {
        VerdictService verdicts = new VerdictService(context.store(), context.table().images(),
                new PolicyService(context.policies(), Duration.ZERO, clock), clock);
        return new ScanService(context.store(), context.table(), db, ScanOptions.defaults(),
                new ObjectStoreLayerCache(context.store(), context.table().layers(), clock), clock,
                Duration.ofMinutes(15), verdicts, CompletionQueue.NONE);
    }

    String scanApp(int n) {
        return scanApp(n, NOW);
    }

    /** Uploads test image {@code n} as a docker archive (it names the repository) under {@code key}; its etag. */
    String upload(String key, int n) {
        try {
            Path dir = Files.createTempDirectory("api-test");
            Path archive = TestImages.app(n).writeDockerArchive(dir.resolve("app.tar"));
            String etag = context.store().put(key, Files.readAllBytes(archive), PutOptions.BINARY);
            Files.delete(archive);
            Files.delete(dir);
            return etag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request. */
    Call call(String method, String rawPath) {
        return new Call(method, rawPath);
    }

    Response get(String rawPath) {
        return call("GET", rawPath).send();
    }

    Response postJson(String rawPath, String body) {
        return call("POST", rawPath).json(body).send();
    }

    Response putJson(String rawPath, String body) {
        return call("PUT", rawPath).json(body).send();
    }

    Response send(APIGatewayV2HTTPEvent event) {
        return new Response(handler.handleRequest(event, null));
    }

    /** A request being built, sent through the handler as API Gateway would. */
    final class Call {
        private final String method;
        private final String rawPath;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private String body;
        private boolean base64;

        Call(String method, String rawPath) {
            this.method = method;
            this.rawPath = rawPath;
        }

        Call header(String name, String value) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
            return this;
        }

        Call query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Call json(String json) {
            header("content-type", "application/json");
            body = json;
            return this;
        }

        Call body(String text) {
            body = text;
            return this;
        }

        /** The body as API Gateway passes a binary one: base64, {@code isBase64Encoded} set. */
        Call base64(byte[] bytes) {
            body = Base64.getEncoder().encodeToString(bytes);
            base64 = true;
            return this;
        }

        /** Marks the body base64-encoded as it is (to send one that is not). */
        Call base64Flag() {
            base64 = true;
            return this;
        }

        Response send() {
            APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                            .withPath(rawPath).withProtocol("HTTP/1.1").build())
                    .withRequestId("req-" + System.nanoTime()).withStage("$default")
                    .withRouteKey(method + " " + rawPath)
                    .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                            .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(CALLER).build())
                            .build())
                    .build();
            String rawQuery = String.join("&", query.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(rawPath)
                    .withRawQueryString(rawQuery).withHeaders(headers)
                    .withQueryStringParameters(query.isEmpty() ? null : query).withBody(body)
                    .withIsBase64Encoded(base64).withRequestContext(context).build();
            return ApiFixture.this.send(event);
        }
    }

    /** What the handler answered. */
    record Response(APIGatewayV2HTTPResponse raw) {
        private static final ObjectMapper JSON = new ObjectMapper();

        int status() {
            return raw.getStatusCode();
        }

        String header(String name) {
            return raw.getHeaders().get(name);
        }

        String body() {
            return raw.getBody();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.getBody());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.getBody(), e);
            }
        }

        /** The {@code error} code of an error body (which has exactly {@code error} and {@code message}). */
        String error() {
            JsonNode body = json();
            if (body.size() != 2 || !body.has("message")) {
                throw new AssertionError("not an error body: " + raw.getBody());
            }
            return body.get("error").asText();
        }

        String message() {
            return json().get("message").asText();
        }
    }
}
