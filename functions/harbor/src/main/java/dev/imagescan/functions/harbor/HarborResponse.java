package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the adapter answers: a status, headers and a text body. */
record HarborResponse(int status, Map<String, String> headers, String body) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Writes one JSON document. */
    @FunctionalInterface
    interface JsonContent {
        void write(JsonGenerator g) throws IOException;
    }

    HarborResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON body of {@code contentType}. */
    static HarborResponse json(int status, String contentType, JsonContent content) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            content.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HarborResponse(status, Map.of("Content-Type", contentType), out.toString());
    }

    /** The spec's error body: {@code {"error":{"message":"…"}}}. */
    static HarborResponse error(int status, String message) {
        return json(status, HarborMediaTypes.ERROR, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** This response with one more header. */
    HarborResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HarborResponse(status, copy, body);
    }
}
