package dev.imagescan.functions.harbor;

import java.util.Locale;
import java.util.Map;

/**
 * One request to the adapter as API Gateway (HTTP API, payload 2.0) delivered it.
 *
 * @param method    upper case
 * @param path      the raw path ({@code /api/v1/scan/<id>/report})
 * @param headers   names in lower case
 * @param query     the query parameters
 * @param body      the body's bytes (base64 decoded), empty when none
 * @param requestId API Gateway's request id, null when none
 */
record HarborRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
        byte[] body, String requestId) {
    HarborRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** The header's value, null when absent. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
