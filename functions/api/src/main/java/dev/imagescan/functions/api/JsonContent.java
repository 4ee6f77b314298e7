package dev.imagescan.functions.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A JSON response body, written with jackson-core's generator (pretty-printed, fields in a fixed order). */
@FunctionalInterface
public interface JsonContent {
    JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON value. */
    void write(JsonGenerator g) throws IOException;

    /** The text of {@code content}, ending with a newline. */
    static String text(JsonContent content) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            content.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** Writes {@code "name": "<instant>"} (ISO 8601, UTC) or {@code "name": null}. */
    static void instantField(JsonGenerator g, String name, Instant t) throws IOException {
        g.writeStringField(name, t == null ? null : t.toString());
    }
}
