package dev.imagescan.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
 * scope="repository:library/alpine:pull"}.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    /** The first Bearer challenge among the headers, else the first Basic one; empty when there is neither. */
    static Optional<AuthChallenge> choose(List<String> headers) {
        AuthChallenge basic = null;
        for (String header : headers) {
            AuthChallenge c = parse(header);
            if (c.scheme().equals("bearer")) {
                return Optional.of(c);
            }
            if (c.scheme().equals("basic") && basic == null) {
                basic = c;
            }
        }
        return Optional.ofNullable(basic);
    }

    /** Parses one header value; the scheme is lower-cased, parameter names too. */
    static AuthChallenge parse(String header) {
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(name, value.toString().trim());
        }
        return new AuthChallenge(scheme, Map.copyOf(params));
    }

    String parameter(String name) {
        return parameters.get(name);
    }
}
