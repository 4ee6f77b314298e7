package dev.imagescan.store.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The page tokens of the in-memory listings: base64url JSON {@code {"v":<listing kind>,"s":<scope>,"a":<last key>}},
 * opaque to callers and, as the AWS adapters' tokens, checked on the way in: a token of another kind of listing or of
 * another scope (an object listing's prefix) is an IAE starting "malformed page token", as is any damage.
 */
final class PageToken {
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final JsonFactory JSON = new JsonFactory();

    private PageToken() {}

    /** A token for the page after {@code after} in the listing {@code kind} over {@code scope}. */
    static String encode(String kind, String scope, String after) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("v", kind);
            g.writeStringField("s", scope);
            g.writeStringField("a", after);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The last key of the previous page, from a token {@link #encode} gave for this {@code kind} and {@code scope}. */
    static String decode(String token, String kind, String scope) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw malformed("it has " + token.length() + " characters", null);
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw malformed("it is not base64url", e);
        }
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("it holds no object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING || fields.put(name, p.getText()) != null) {
                    throw malformed("field '" + name + "' is not a single string", null);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("it is not one object", null);
            }
        } catch (IOException e) {
            throw malformed("it holds no JSON", e);
        }
        if (!kind.equals(fields.get("v"))) {
            throw malformed("it is not a token of this kind of listing", null);
        }
        if (!scope.equals(fields.get("s"))) {
            throw malformed("it belongs to a listing of another prefix", null);
        }
        String after = fields.get("a");
        if (after == null || after.isEmpty()) {
            throw malformed("it has no position", null);
        }
        return after;
    }

    static IllegalArgumentException malformed(String why, Throwable cause) {
        return new IllegalArgumentException("malformed page token: " + why, cause);
    }
}
