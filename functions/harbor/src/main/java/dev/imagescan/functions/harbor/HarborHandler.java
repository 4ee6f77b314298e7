package dev.imagescan.functions.harbor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.aws.AwsClients;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Harbor scanner adapter function (its own API Gateway HTTP API, payload 2.0; docs/harbor.md): reads the event,
 * lets {@link HarborAdapter} answer, turns failures into the spec's error body (a store that is busy is a 503 Harbor
 * retries; anything unexpected a 500 naming the request id, its stack trace in the log only) and writes one JSON log
 * line per request. The credentials Harbor sends are never logged.
 */
public final class HarborHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /**
     * The adapter secret itself, for local runs ({@code sam local invoke}, the shipped-jar test) only: the template
     * never sets it, and a deployment reads the secret from Secrets Manager.
     */
    public static final String LOCAL_SECRET = "IMAGESCAN_HARBOR_SECRET";

    private final HarborAdapter adapter;
    private final JsonLog log;
    private final PrintStream err;

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final HarborAdapter ADAPTER = fromEnvironment(System.getenv());
    }

    /** The function's entry. */
    public HarborHandler() {
        this(Container.ADAPTER, System.out, System.err);
    }

    public HarborHandler(HarborAdapter adapter, PrintStream out, PrintStream err) {
        this.adapter = adapter;
        this.log = new JsonLog("harbor", out);
        this.err = err;
    }

    /**
     * The adapter over the stores {@code env} names ({@link FunctionSettings}: {@code IMAGESCAN_BUCKET},
     * {@code IMAGESCAN_TABLE}, {@code IMAGESCAN_QUEUE_URL}), the secret {@link SecretsManagerSecret#SECRET_ID} names
     * (or, for local runs, {@link #LOCAL_SECRET}) and the registries {@link RegistryPolicy#VARIABLE} lists.
     */
    public static HarborAdapter fromEnvironment(Map<String, String> env) {
        FunctionSettings settings = FunctionSettings.fromEnvironment(env, true);
        AwsClients clients = AwsClients.fromEnvironment(env);
        FunctionContext context = FunctionContext.of(settings, clients);
        String local = env.get(LOCAL_SECRET);
        AdapterSecret secret = local != null && !local.isBlank() ? AdapterSecret.of(local)
                : SecretsManagerSecret.fromEnvironment(env, clients.region(), clients.credentials());
        return new HarborAdapter(secret, RegistryPolicy.fromEnvironment(env), context.store(), context.table(),
                context.queue());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        String requestId = event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null;
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        HarborResponse response;
        String problem = null;
        try {
            response = adapter.handle(read(event, method, requestId));
        } catch (HarborException e) {
            problem = e.getMessage();
            response = HarborResponse.error(e.status(), e.getMessage());
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                response = response.withHeader(h.getKey(), h.getValue());
            }
        } catch (RuntimeException e) {
            problem = e.toString();
            if (retryable(e)) {
                response = HarborResponse.error(503, "storage is busy; retry later (request " + requestId + ")");
            } else {
                e.printStackTrace(err);
                response = HarborResponse.error(500, "the request failed on the server's side (request "
                        + requestId + "); the function's log has the details");
            }
        }
        response = response.withHeader("X-Content-Type-Options", "nosniff").withHeader("Cache-Control", "no-store");
        if (requestId != null) {
            response = response.withHeader("X-Request-Id", requestId);
        }
        log.line("request").with("requestId", requestId).with("method", method).with("path", event.getRawPath())
                .with("status", response.status()).with("ms", (System.nanoTime() - start) / 1_000_000)
                .with("problem", problem).write();
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers())).withBody(response.body())
                .withIsBase64Encoded(false).build();
    }

    private static HarborRequest read(APIGatewayV2HTTPEvent event, String method, String requestId) {
        if (method == null) {
            throw HarborException.badRequest("the event names no HTTP method (requestContext.http.method)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        byte[] body = new byte[0];
        if (event.getBody() != null) {
            if (event.getBody().length() > 2 * ScanRequestReader.MAX_BODY_BYTES) {
                throw HarborException.badRequest("the body is over " + ScanRequestReader.MAX_BODY_BYTES + " bytes");
            }
            try {
                body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                        : event.getBody().getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HarborException.badRequest("the body is not base64 although isBase64Encoded says so");
            }
        }
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        return new HarborRequest(method.toUpperCase(Locale.ROOT), path, headers, query, body, requestId);
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException s && s.retryable()) {
                return true;
            }
        }
        return false;
    }
}
