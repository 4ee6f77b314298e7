package dev.imagescan.functions.harbor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the {@code Authorization} Harbor sends with every request against the {@link AdapterSecret}: {@code Bearer
 * <secret>}, or {@code Basic base64(user:password)} where {@code user:password} is the secret. Compared by SHA-256 in
 * constant time, so neither the length nor a prefix of the secret leaks through timing. A missing or wrong credential
 * is a 401 with {@code WWW-Authenticate}.
 */
final class CallerAuthentication {
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate",
            "Bearer realm=\"imagescan\", Basic realm=\"imagescan\"");

    private final AdapterSecret secret;

    CallerAuthentication(AdapterSecret secret) {
        this.secret = secret;
    }

    void check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new HarborException(401, "authentication required (Bearer or Basic)", CHALLENGE);
        }
        String presented = presented(authorization.strip());
        if (presented == null) {
            throw new HarborException(401, "the Authorization is neither Bearer nor Basic", CHALLENGE);
        }
        if (matches(presented, secret.value()) || (secret.refresh() && matches(presented, secret.value()))) {
            return;
        }
        throw new HarborException(401, "the credential is not this scanner's", CHALLENGE);
    }

    /** The secret the header presents: the bearer token, or Basic's decoded {@code user:password}. */
    private static String presented(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            return value;
        }
        if (scheme.equals("basic")) {
            try {
                return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
