package dev.imagescan.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.functions.common.Registries;
import dev.imagescan.report.JsonReportReader;
import dev.imagescan.store.aws.AwsClients;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API function (API Gateway HTTP API, payload format 2.0; IAM authorization is the template's): reads the
 * request ({@link ApiRequests}), routes it ({@link Api#routes}) and answers JSON. A client mistake is a 4xx with
 * {@code {"error":…,"message":…}}; a store that throttles or fails on its side is a 503; anything else is a 500
 * naming the request id, never a stack trace. One JSON log line per request, with the IAM caller.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** The largest request body accepted (a policy document is at most 1 MiB too). */
    public static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final ResponseLimit LAMBDA_LIMIT = new ResponseLimit(ResponseLimit.LAMBDA);

    private final Router router;
    private final ResponseLimit limit;
    private final JsonLog log;
    private final Failures failures;

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final Router ROUTER = fromEnvironment(System.getenv(), Clock.systemUTC());
    }

    /** The function's entry: the routes over the stores of the environment's settings. */
    public ApiHandler() {
        this(Container.ROUTER, LAMBDA_LIMIT, System.out, System.err);
    }

    /** A handler over a deployment's stores, answering within Lambda's response limit. */
    public ApiHandler(FunctionContext context, PresignedLinks links, ReportLoader reports) {
        this(Api.routes(context, reports, LAMBDA_LIMIT, links, Clock.systemUTC()), LAMBDA_LIMIT, System.out,
                System.err);
    }

    /**
     * The routes over the stores {@code env} names ({@link FunctionSettings}: {@code IMAGESCAN_BUCKET},
     * {@code IMAGESCAN_TABLE}, {@code IMAGESCAN_QUEUE_URL}; endpoints as {@link AwsClients} reads them; the registry
     * allow-list {@code IMAGESCAN_REGISTRIES}, {@link Registries}), stored
     * reports read back by {@link JsonReportReader}, report URLs presigned with the S3 client's settings, the
     * admission webhook as {@link AdmissionSettings#fromEnvironment} reads it (its tags resolved only in the
     * registries the allow-list allows: ECR ones with their login, others with the credentials of the registry secret
     * {@code IMAGESCAN_REGISTRY_SECRET} names, as {@link Registries} reads it for every function).
     */
    public static Router fromEnvironment(Map<String, String> env, Clock clock) {
        FunctionSettings settings = FunctionSettings.fromEnvironment(env, true);
        AwsClients clients = AwsClients.fromEnvironment(env);
        FunctionContext context = FunctionContext.of(settings, clients);
        return Api.routes(context, in -> new JsonReportReader().read(in), LAMBDA_LIMIT,
                PresignedLinks.of(clients, settings.bucket()), clock, Registries.allowList(env),
                AdmissionSettings.fromEnvironment(env, Registries.fromEnvironment(env, clients)));
    }

    /** The function's routes over {@code context}: stored reports read by {@link JsonReportReader}. */
    public static Router routes(FunctionContext context, PresignedLinks links, Clock clock) {
        return Api.routes(context, in -> new JsonReportReader().read(in), LAMBDA_LIMIT, links, clock);
    }

    /** A handler over {@code router}, logging to {@code out} (its JSON lines) and {@code err} (stack traces). */
    public ApiHandler(Router router, ResponseLimit limit, PrintStream out, PrintStream err) {
        this.router = router;
        this.limit = limit;
        this.log = new JsonLog("api", out);
        this.failures = new Failures(err);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        String requestId = event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null;
        ApiRequest request = null;
        ApiResponse response;
        String problem = null;
        try {
            request = ApiRequests.read(event, MAX_REQUEST_BYTES);
            response = router.route(request);
            if (!limit.fits(response.body())) {
                throw ApiException.tooLarge("the answer is over the " + limit.maxBytes()
                        + " bytes a Lambda response carries");
            }
        } catch (RuntimeException e) {
            problem = Failures.isServerSide(e) ? e.toString() : e.getMessage();
            response = failures.response(e, requestId);
        }
        response = SecurityHeaders.add(response);
        if (requestId != null) {
            response = response.withHeader("X-Request-Id", requestId);
        }
        log(request, event, response, problem, start, requestId);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers())).withBody(response.body())
                .withIsBase64Encoded(false).build();
    }

    private void log(ApiRequest request, APIGatewayV2HTTPEvent event, ApiResponse response, String problem,
            long start, String requestId) {
        String method = request != null ? request.method() : null;
        String path = request != null ? request.path() : event.getRawPath();
        String caller = request != null ? request.caller() : null;
        log.line("request").with("requestId", requestId).with("method", method).with("path", path)
                .with("status", response.status()).with("caller", caller)
                .with("ms", (System.nanoTime() - start) / 1_000_000).with("problem", problem).write();
    }
}
