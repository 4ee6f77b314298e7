package dev.imagescan.registry;

import java.io.IOException;
import java.util.Locale;

/**
 * The registry client's one {@link HttpSender}: plain http through {@link PlainHttpSender}, https through
 * {@link TlsHttpSender} (built on first use). Which hosts may be reached over plain http is decided before, by the
 * transport ({@link RegistryOptions#allowsHttp}); this only picks the carrier for the URL's scheme.
 */
final class SchemeSender implements HttpSender {
    private final PlainHttpSender plain;
    private final TlsHttpSender tls;

    SchemeSender(RegistryOptions options) {
        this.plain = new PlainHttpSender(options.connectTimeout(), options.readTimeout());
        this.tls = new TlsHttpSender(options.connectTimeout(), options.readTimeout());
    }

    @Override
    public HttpAnswer send(HttpRequestSpec request) throws IOException {
        String scheme = String.valueOf(request.uri().getScheme()).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http" -> plain.send(request);
            case "https" -> tls.send(request);
            default -> throw new IllegalArgumentException("neither http nor https: " + request.uri());
        };
    }

    /** Whether the https client was built. */
    boolean tlsStarted() {
        return tls.started();
    }
}
