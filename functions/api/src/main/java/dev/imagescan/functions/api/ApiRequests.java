package dev.imagescan.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an API Gateway HTTP API event (payload format 2.0) into an {@link ApiRequest}: the stage is taken off the
 * path, each path segment is percent-decoded ({@code sha256%3A…} is {@code sha256:…}), header names are lower-cased
 * and a base64-encoded body is decoded. A body over the limit or a path that does not decode is an
 * {@link ApiException}.
 */
public final class ApiRequests {
    private ApiRequests() {}

    /**
     * @param maxBodyBytes the largest body accepted (after base64 decoding)
     */
    public static ApiRequest read(APIGatewayV2HTTPEvent event, int maxBodyBytes) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : null;
        if (method == null) {
            throw ApiException.badRequest("the event names no HTTP method (requestContext.http.method)");
        }
        String path = withoutStage(event.getRawPath() == null ? "/" : event.getRawPath(),
                context.getStage());
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, segments(path), query, headers,
                body(event, maxBodyBytes), context.getRequestId(), caller(context));
    }

    private static String withoutStage(String path, String stage) {
        if (stage == null || stage.isEmpty() || stage.equals("$default")) {
            return path;
        }
        String prefix = "/" + stage;
        if (path.equals(prefix)) {
            return "/";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
    }

    /** The percent-decoded segments of {@code path}; {@code "/"} has none, {@code "/a/"} has "a" and "". */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty() || path.equals("/")) {
            return out;
        }
        String rest = path.startsWith("/") ? path.substring(1) : path;
        for (String s : rest.split("/", -1)) {
            out.add(percentDecode(s));
        }
        return out;
    }

    /** RFC 3986 percent-decoding of one path segment ({@code +} stays a plus); the result must be UTF-8. */
    static String percentDecode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            int escape = segment.indexOf('%', i);
            if (escape != i) {
                // a run of literal characters, surrogate pairs kept together
                int end = escape < 0 ? segment.length() : escape;
                bytes.writeBytes(segment.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            int hi = i + 2 < segment.length() ? hexDigit(segment.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hexDigit(segment.charAt(i + 2)) : -1;
            if (lo < 0) {
                throw ApiException.badRequest("the path segment '" + segment + "' has a malformed %-escape");
            }
            bytes.write(hi * 16 + lo);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the path segment '" + segment + "' does not decode to UTF-8");
        }
    }

    /** An ASCII hexadecimal digit's value, or -1 ({@link Character#digit} would take other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] body(APIGatewayV2HTTPEvent event, int maxBodyBytes) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            if ((long) body.length() * 3 / 4 > maxBodyBytes + 3L) {
                throw tooLarge(maxBodyBytes);
            }
            try {
                bytes = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the body is marked base64-encoded but is not base64: "
                        + e.getMessage());
            }
        } else {
            if (body.length() > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        return bytes;
    }

    private static ApiException tooLarge(int maxBodyBytes) {
        return ApiException.tooLarge("the request body is over the " + maxBodyBytes + " bytes accepted");
    }

    private static String caller(APIGatewayV2HTTPEvent.RequestContext context) {
        if (context.getAuthorizer() == null || context.getAuthorizer().getIam() == null) {
            return null;
        }
        return context.getAuthorizer().getIam().getUserArn();
    }
}
