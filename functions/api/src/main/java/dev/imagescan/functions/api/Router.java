package dev.imagescan.functions.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Method + path pattern → route. A pattern is a path of literal segments and {@code {name}} segments, each of which
 * matches one non-empty (percent-decoded) segment. A path no pattern matches is a 404; a path some pattern matches
 * for other methods only is a 405 with {@code Allow}.
 */
public final class Router {
    /** What a matched route does. */
    @FunctionalInterface
    public interface Route {
        ApiResponse handle(ApiRequest request, Map<String, String> params);
    }

    private record Entry(String method, List<String> pattern, Route route) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a route: {@code add("GET", "/images/{digest}", ...)}. */
    public Router add(String method, String pattern, Route route) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a pattern starts with /: " + pattern);
        }
        entries.add(new Entry(method, ApiRequests.segments(pattern), route));
        return this;
    }

    /** The response of the route {@code request} matches. */
    public ApiResponse route(ApiRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Entry e : entries) {
            Map<String, String> params = match(e.pattern(), request.segments());
            if (params == null) {
                continue;
            }
            if (e.method().equals(request.method())) {
                return e.route().handle(request, params);
            }
            allowed.add(e.method());
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("no route " + request.method() + " " + request.path());
        }
        String allow = String.join(", ", allowed);
        throw new ApiException(405, "method not allowed", request.method() + " is not allowed on "
                + request.path() + " (allowed: " + allow + ")", Map.of("Allow", allow));
    }

    private static Map<String, String> match(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String s = path.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (s.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), s);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return params;
    }
}
