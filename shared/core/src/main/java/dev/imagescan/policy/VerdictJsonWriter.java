package dev.imagescan.policy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@link Verdict} as the verdict JSON document, version {@value #VERDICT_VERSION} (docs/policy.md). Streams
 * with jackson-core's generator, so the field order is fixed; an absent value is {@code null}, never a missing key.
 */
public final class VerdictJsonWriter {
    public static final int VERDICT_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    public void write(Verdict v, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("verdictVersion", VERDICT_VERSION);
            g.writeStringField("decision", v.decision().name());
            g.writeStringField("policyVersion", v.policyVersion());
            g.writeStringField("evaluatedAt", v.evaluatedAt().toString());
            if (v.image() == null) {
                g.writeNullField("image");
            } else {
                g.writeObjectFieldStart("image");
                g.writeStringField("name", v.image().name());
                g.writeStringField("manifestDigest", v.image().manifestDigest());
                g.writeStringField("configDigest", v.image().configDigest());
                g.writeEndObject();
            }
            g.writeStringField("coverage", v.coverage() == null ? null : v.coverage().name());
            g.writeNumberField("considered", v.considered());
            g.writeArrayFieldStart("reasons");
            for (Verdict.Reason r : v.reasons()) {
                g.writeStartObject();
                g.writeStringField("rule", r.rule());
                g.writeStringField("message", r.message());
                g.writeArrayFieldStart("findings");
                for (Verdict.FindingRef f : r.findings()) {
                    finding(g, f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("waived");
            for (Verdict.Waiver w : v.waived()) {
                g.writeStartObject();
                g.writeFieldName("finding");
                finding(g, w.finding());
                g.writeFieldName("entry");
                entry(g, w.entry());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("expired");
            for (Verdict.ExpiredEntry e : v.expired()) {
                g.writeStartObject();
                g.writeFieldName("entry");
                entry(g, e.entry());
                g.writeStringField("message", e.message());
                g.writeArrayFieldStart("findings");
                for (Verdict.FindingRef f : e.findings()) {
                    finding(g, f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : v.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void finding(JsonGenerator g, Verdict.FindingRef f) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("package", f.packageName());
        g.writeStringField("installedVersion", f.installedVersion());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("fixedVersion", f.fixedVersion());
        g.writeEndObject();
    }

    private static void entry(JsonGenerator g, AllowEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("package", e.pkg());
        g.writeStringField("reason", e.reason());
        g.writeStringField("expires", e.expires().toString());
        g.writeEndObject();
    }
}
