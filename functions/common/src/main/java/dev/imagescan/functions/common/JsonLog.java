package dev.imagescan.functions.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of JSON per job on standard output (Lambda sends it to CloudWatch Logs, where Logs Insights reads the
 * fields): {@code {"function":"scan","event":"job",...}}. Values are strings, numbers, booleans or null.
 */
public final class JsonLog {
    private static final JsonFactory JSON = new JsonFactory();
    private final String function;
    private final PrintStream out;

    public JsonLog(String function, PrintStream out) {
        this.function = function;
        this.out = out;
    }

    /** A line builder for one event. */
    public Line line(String event) {
        return new Line(event);
    }

    /** The fields of one line, written by {@link #write}. */
    public final class Line {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Line(String event) {
            fields.put("function", function);
            fields.put("event", event);
        }

        public Line with(String name, Object value) {
            fields.put(name, value);
            return this;
        }

        public void write() {
            StringWriter text = new StringWriter(256);
            try (JsonGenerator g = JSON.createGenerator(text)) {
                g.writeStartObject();
                for (Map.Entry<String, Object> f : fields.entrySet()) {
                    Object v = f.getValue();
                    if (v == null) {
                        g.writeNullField(f.getKey());
                    } else if (v instanceof Number n) {
                        g.writeFieldName(f.getKey());
                        g.writeNumber(n.toString());
                    } else if (v instanceof Boolean b) {
                        g.writeBooleanField(f.getKey(), b);
                    } else {
                        g.writeStringField(f.getKey(), v.toString());
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(text);
        }
    }
}
