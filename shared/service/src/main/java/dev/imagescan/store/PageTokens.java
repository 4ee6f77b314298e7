package dev.imagescan.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Page tokens as callers see them ({@link Page#nextToken()}), for every implementation of the ports: a flat JSON object
 * of string fields, base64url-encoded. Decoding checks the form; each listing then checks the fields it expects. Any
 * fault is an IAE that says the token is malformed.
 */
public final class PageTokens {
    public static final int MAX_TOKEN_CHARS = 8192;
    private static final JsonFactory JSON = new JsonFactory();

    private PageTokens() {}

    public static String encode(Map<String, String> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, String> decode(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw malformed("it has " + token.length() + " characters", null);
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw malformed("it is not base64url", e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
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
        return fields;
    }

    /** The field {@code name}, which must be there. */
    public static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw malformed("it has no '" + name + "'", null);
        }
        return value;
    }

    public static IllegalArgumentException malformed(String why, Throwable cause) {
        return new IllegalArgumentException("malformed page token: " + why, cause);
    }
}
