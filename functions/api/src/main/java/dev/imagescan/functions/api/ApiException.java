package dev.imagescan.functions.api;

import java.util.Map;

/**
 * A request the API answers with an error status of its own choosing: a client mistake (4xx) or a dependency that is
 * unavailable for now (503). The handler turns it into {@code {"error":"<code>","message":"<message>"}}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    /**
     * @param status  the HTTP status
     * @param code    a short code ({@code "not found"}, {@code "bad request"}…)
     * @param message what exactly is wrong, for people
     * @param headers extra response headers ({@code Allow} on a 405)
     */
    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad request", message, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not found", message, Map.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, Map.of());
    }

    public static ApiException preconditionFailed(String message) {
        return new ApiException(412, "precondition failed", message, Map.of());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "too large", message, Map.of());
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported media type", message, Map.of());
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
