package dev.imagescan.functions.api;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.StoreException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Turns what a route threw into an error answer: an {@link ApiException} as it says; a store's not-found or lost
 * condition as 404 / 409; a busy store (a retryable {@link StoreException}, also when a service wrapped it) as 503;
 * anything else as a 500 naming the request id, its stack trace written to the function's log only.
 */
final class Failures {
    private final PrintStream err;

    Failures(PrintStream err) {
        this.err = err;
    }

    /** The answer to {@code e}. */
    ApiResponse response(RuntimeException e, String requestId) {
        if (e instanceof ApiException a) {
            ApiResponse response = ApiResponse.error(a.status(), a.code(), a.getMessage());
            for (Map.Entry<String, String> h : a.headers().entrySet()) {
                response = response.withHeader(h.getKey(), h.getValue());
            }
            return response;
        }
        if (e instanceof NotFoundException) {
            return ApiResponse.error(404, "not found", e.getMessage());
        }
        if (e instanceof ConditionFailedException) {
            return ApiResponse.error(409, "conflict", e.getMessage());
        }
        if (retryable(e)) {
            return ApiResponse.error(503, "unavailable", "storage is busy or failing; retry later (request "
                    + requestId + ")");
        }
        e.printStackTrace(err);
        return ApiResponse.error(500, "internal error", "the request failed on the server's side (request "
                + requestId + "); the function's log has the details");
    }

    /** Whether the caller is not at fault: what {@link #response} answers with a 5xx. */
    static boolean isServerSide(RuntimeException e) {
        return !(e instanceof ApiException a && a.status() < 500) && !(e instanceof NotFoundException)
                && !(e instanceof ConditionFailedException);
    }

    /** Whether {@code e} or one of its causes is a retryable {@link StoreException}. */
    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException s && s.retryable()) {
                return true;
            }
        }
        return false;
    }
}
