package dev.imagescan.functions.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, headers and a text body (every format the API serves is text, so nothing is
 * base64-encoded).
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public static final String JSON = "application/json";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON body. */
    public static ApiResponse json(int status, JsonContent content) {
        return text(status, JSON, JsonContent.text(content));
    }

    /** A body of {@code contentType}. */
    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, Map.of("Content-Type", contentType), body);
    }

    /** The error body every failure has: {@code {"error":"<code>","message":"<what exactly is wrong>"}}. */
    public static ApiResponse error(int status, String code, String message) {
        return json(status, g -> {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    /** This response with one more header (replacing one of the same name). */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }
}
