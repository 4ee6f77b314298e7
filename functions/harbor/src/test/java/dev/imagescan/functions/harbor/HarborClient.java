package dev.imagescan.functions.harbor;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests made to {@link HarborHandler} the way API Gateway (HTTP API, payload 2.0) delivers Harbor's calls. */
final class HarborClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final HarborHandler handler;
    private final String authorization;

    HarborClient(HarborAdapter adapter, String authorization) {
        this.handler = new HarborHandler(adapter, new PrintStream(log, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        this.authorization = authorization;
    }

    Response get(String path, Map<String, String> headers, Map<String, String> query) {
        return send("GET", path, headers, query, null);
    }

    Response get(String path) {
        return get(path, Map.of(), Map.of());
    }

    Response post(String path, String contentType, String body) {
        return send("POST", path, Map.of("content-type", contentType), Map.of(), body);
    }

    Response send(String method, String path, Map<String, String> extraHeaders, Map<String, String> query,
            String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        headers.putAll(extraHeaders);
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                        .withProtocol("HTTP/1.1").build())
                .withRequestId("req-" + System.nanoTime()).withStage("$default").withRouteKey("$default").build();
        String rawQuery = String.join("&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList());
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path)
                .withRawQueryString(rawQuery).withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(context).build();
        return new Response(handler.handleRequest(event, null));
    }

    /** What the handler answered. */
    record Response(APIGatewayV2HTTPResponse raw) {
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
                throw new UncheckedIOException(e);
            }
        }
    }
}
