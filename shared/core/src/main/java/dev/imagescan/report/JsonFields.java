package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.common.ScannerVersion;
import java.io.IOException;
import java.util.List;

/** Fields both JSON documents (inventory and report) write the same way. */
final class JsonFields {
    private JsonFields() {}

    /** {@code "scanner": {"name", "version", "analyzers"}}. */
    static void scanner(JsonGenerator g, List<String> analyzers) throws IOException {
        g.writeObjectFieldStart("scanner");
        g.writeStringField("name", ScannerVersion.NAME);
        g.writeStringField("version", ScannerVersion.version());
        strings(g, "analyzers", analyzers);
        g.writeEndObject();
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
