package dev.imagescan.functions.harbor;

import java.util.Map;

/**
 * A request answered with an error status and the spec's error body,
 * {@code {"error":{"message":"…"}}} ({@code application/vnd.scanner.adapter.error+json; version=1.0}).
 */
final class HarborException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    HarborException(int status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    HarborException(int status, String message) {
        this(status, message, Map.of());
    }

    /** 400: not JSON, or JSON of the wrong types. */
    static HarborException badRequest(String message) {
        return new HarborException(400, message);
    }

    /** 422: a field that is missing or not acceptable. */
    static HarborException invalidField(String message) {
        return new HarborException(422, message);
    }

    /** 501: a capability or media type this scanner does not have. */
    static HarborException notImplemented(String message) {
        return new HarborException(501, message);
    }

    static HarborException notFound(String message) {
        return new HarborException(404, message);
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
