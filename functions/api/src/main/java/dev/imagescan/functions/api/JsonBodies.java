package dev.imagescan.functions.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies: the content type must be JSON, and small request objects are read strictly (known fields only,
 * each once, string values) with jackson-core. Every problem is a 400 or 415 {@link ApiException}.
 */
public final class JsonBodies {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();

    private JsonBodies() {}

    /** Refuses a request whose {@code Content-Type} is not {@code application/json} (charset UTF-8 if any). */
    public static void requireJson(ApiRequest request) {
        String type = request.header("content-type");
        if (type == null) {
            throw ApiException.unsupportedMediaType("send the body as Content-Type: application/json");
        }
        String[] parts = type.toLowerCase(Locale.ROOT).split(";", -1);
        boolean json = parts[0].trim().equals("application/json");
        for (int i = 1; i < parts.length && json; i++) {
            String p = parts[i].trim();
            json = !p.startsWith("charset=") || p.equals("charset=utf-8") || p.equals("charset=\"utf-8\"");
        }
        if (!json) {
            throw ApiException.unsupportedMediaType("the body must be Content-Type: application/json (UTF-8), not '"
                    + type + "'");
        }
        if (request.body().length == 0) {
            throw ApiException.badRequest("the request needs a JSON body");
        }
    }

    /**
     * The body as one JSON object of string (or null) fields, all of them in {@code allowed}; a null value counts
     * as absent.
     */
    public static Map<String, String> stringFields(ApiRequest request, Set<String> allowed) {
        requireJson(request);
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(request.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("unknown field '" + name + "' (expected one of "
                            + String.join(", ", allowed) + ")");
                }
                if (fields.containsKey(name)) {
                    throw ApiException.badRequest("field '" + name + "' is given twice");
                }
                if (value == JsonToken.VALUE_NULL) {
                    fields.put(name, null);
                } else if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else {
                    throw ApiException.badRequest("field '" + name + "' must be a string");
                }
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("unexpected content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (CharConversionException e) {
            // bytes that are no text in the encoding the parser detected (UTF-8, -16 or -32)
            throw ApiException.badRequest("the body is not valid JSON text: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fields.values().removeIf(v -> v == null);
        return fields;
    }
}
