package dev.imagescan.registry;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS failures that asking again cannot cure: the server's certificate is not trusted by the JVM (a private CA, a
 * self-signed certificate), has expired, or names another host. They fail at once, in one line naming the registry
 * and saying how a private CA is trusted, instead of being retried as a network failure.
 */
final class TlsFailures {
    private TlsFailures() {}

    /**
     * The one-line failure for {@code e} when it is a certificate problem met while asking {@code target} for
     * {@code registry}, or empty when it is not one (a reset, a timeout: retried as any transport failure).
     */
    static Optional<IOException> certificateProblem(IOException e, String registry, URI target) {
        if (!(e instanceof SSLException)) {
            return Optional.empty();
        }
        Throwable innermost = e;
        boolean certificate = e instanceof SSLPeerUnverifiedException;
        for (Throwable t = e; t != null; t = t.getCause()) {
            certificate |= t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException;
            innermost = t;
            if (t.getCause() == t) {
                break;
            }
        }
        if (!certificate) {
            return Optional.empty();
        }
        String host = target.getPort() > 0 ? target.getHost() + ":" + target.getPort() : target.getHost();
        String where = host.equalsIgnoreCase(registry) ? "registry " + registry
                : "registry " + registry + " (at " + host + ")";
        String why = String.valueOf(innermost.getMessage()).replaceAll("[\\r\\n\\t]+", " ");
        return Optional.of(new IOException(where + ": TLS certificate not accepted (" + why + "); for a private CA, "
                + "run Java with -Djavax.net.ssl.trustStore=FILE holding its certificate", e));
    }
}
