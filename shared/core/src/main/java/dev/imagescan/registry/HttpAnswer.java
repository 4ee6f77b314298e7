package dev.imagescan.registry;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The answer to one {@link HttpRequestSpec}: its status, headers (names compared without case) and body, the same
 * whichever {@link HttpSender} carried it. The caller closes the body.
 */
final class HttpAnswer {
    private final int status;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final InputStream body;

    /** An answer with {@code headers} as the sender got them (a null name, a status line, is left out). */
    HttpAnswer(int status, URI uri, Map<String, List<String>> headers, InputStream body) {
        this.status = status;
        this.uri = uri;
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                byName.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return List.copyOf(both);
                });
            }
        });
        this.headers = byName;
        this.body = body;
    }

    int statusCode() {
        return status;
    }

    /** Where the request went (for messages). */
    URI uri() {
        return uri;
    }

    /** The first value of header {@code name}, if sent. */
    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of header {@code name}, in the order sent. */
    List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The body; empty for a HEAD or an answer without one. The caller closes it. */
    InputStream body() {
        return body;
    }
}
