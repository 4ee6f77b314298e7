package dev.imagescan.store.aws;

import dev.imagescan.store.PageTokens;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page token of an object listing: S3's continuation token, bound to the listing's prefix so a token cannot be
 * used for another listing.
 */
final class ObjectPageToken {
    private static final String VERSION = "o1";

    private ObjectPageToken() {}

    static String encode(String prefix, String continuationToken) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", VERSION);
        fields.put("p", prefix);
        fields.put("c", continuationToken);
        return PageTokens.encode(fields);
    }

    /** S3's continuation token in {@code token}; a token of another kind or listing is an IAE. */
    static String decode(String prefix, String token) {
        Map<String, String> fields = PageTokens.decode(token);
        if (!VERSION.equals(fields.get("v"))) {
            throw PageTokens.malformed("it is not an object listing token", null);
        }
        if (!prefix.equals(PageTokens.required(fields, "p"))) {
            throw PageTokens.malformed("it belongs to a listing of another prefix", null);
        }
        String continuation = PageTokens.required(fields, "c");
        if (continuation.isEmpty()) {
            throw PageTokens.malformed("its continuation is empty", null);
        }
        return continuation;
    }
}
