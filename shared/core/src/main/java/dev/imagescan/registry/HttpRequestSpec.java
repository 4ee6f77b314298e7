package dev.imagescan.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request as the registry client sends it, whatever carries it ({@link HttpSender}): the method, the URL, the
 * headers, an optional body (a form for the token service), and the longest wait for the answer's
 * status and headers.
 *
 * @param method  {@code GET}, {@code HEAD} or {@code POST}
 * @param uri     where to send it: http or https
 * @param headers header names and values (no hop-by-hop header)
 * @param body    the request body, or null for none
 * @param timeout the longest wait for the status and headers
 */
record HttpRequestSpec(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    HttpRequestSpec {
        headers = Map.copyOf(headers);
    }

    /** A request with no body. */
    static HttpRequestSpec of(String method, URI uri, Map<String, String> headers, Duration timeout) {
        return new HttpRequestSpec(method, uri, headers, null, timeout);
    }
}
