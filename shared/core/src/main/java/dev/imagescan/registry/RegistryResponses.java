package dev.imagescan.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns an answer other than 200 into the error users should see: 401 (credentials missing or rejected), 403 (denied),
 * 404 (no such image, tag or blob) are {@link RegistryException}s; anything else, including 429 and 5xx once retries
 * are spent, is an {@link IOException} (it may pass later).
 */
final class RegistryResponses {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private RegistryResponses() {}

    /** Throws for {@code response} unless it is a 200; {@code what} names the request, e.g. the reference. */
    static void requireOk(HttpAnswer response, String what, RegistryTransport transport)
            throws IOException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        }
        String detail = RegistryErrors.detail(body);
        switch (status) {
            case 401 -> throw transport.hasCredentials()
                    ? new RegistryException(what + ": the registry rejected the credentials (HTTP 401" + detail + ")")
                    : new CredentialsRequiredException(what + ": the registry asks for credentials (HTTP 401"
                            + detail + ")");
            case 403 -> throw new RegistryException(what + ": access denied (HTTP 403" + detail + ")");
            case 404 -> throw new RegistryException(what + ": not found (HTTP 404" + detail + ")");
            default -> throw new IOException(what + ": the registry answered HTTP " + status
                    + (RetryPolicy.retryable(status) ? " after " + transport.options().retry().maxAttempts()
                    + " attempts" : "") + detail);
        }
    }
}
