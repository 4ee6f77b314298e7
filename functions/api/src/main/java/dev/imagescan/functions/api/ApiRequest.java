package dev.imagescan.functions.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the routes see it, read from API Gateway's event by {@link ApiRequests}.
 *
 * @param method    the HTTP method, upper case
 * @param path      the path as sent (still percent-encoded), without the stage
 * @param segments  the path's segments, each percent-decoded
 * @param query     the query parameters (a parameter given twice has its values joined by commas)
 * @param headers   the headers, names in lower case
 * @param body      the body's bytes (base64 already decoded), empty when none
 * @param requestId API Gateway's request id
 * @param caller    the IAM caller's ARN, null when the request was not IAM-authorized
 */
public record ApiRequest(String method, String path, List<String> segments, Map<String, String> query,
        Map<String, String> headers, byte[] body, String requestId, String caller) {

    public ApiRequest {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The header's value, null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The query parameter's value, null when absent. */
    public String query(String name) {
        return query.get(name);
    }
}
