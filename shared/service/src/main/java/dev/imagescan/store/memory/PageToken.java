package dev.imagescan.store.memory;

import dev.imagescan.store.PageTokens;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page tokens of the in-memory listings: {@link PageTokens} with the fields {@code v} (the listing kind),
 * {@code s} (its scope) and {@code a} (the last key of the previous page), opaque to callers and, as the AWS adapters'
 * tokens, checked on the way in: a token of another kind of listing or of another scope (an object listing's prefix)
 * is an IAE starting "malformed page token", as is any damage.
 */
final class PageToken {
    private PageToken() {}

    /** A token for the page after {@code after} in the listing {@code kind} over {@code scope}. */
    static String encode(String kind, String scope, String after) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", kind);
        fields.put("s", scope);
        fields.put("a", after);
        return PageTokens.encode(fields);
    }

    /** The last key of the previous page, from a token {@link #encode} gave for this {@code kind} and {@code scope}. */
    static String decode(String token, String kind, String scope) {
        Map<String, String> fields = PageTokens.decode(token);
        if (!kind.equals(fields.get("v"))) {
            throw PageTokens.malformed("it is not a token of this kind of listing", null);
        }
        if (!scope.equals(fields.get("s"))) {
            throw PageTokens.malformed("it belongs to a listing of another prefix", null);
        }
        String after = fields.get("a");
        if (after == null || after.isEmpty()) {
            throw PageTokens.malformed("it has no position", null);
        }
        return after;
    }
}
