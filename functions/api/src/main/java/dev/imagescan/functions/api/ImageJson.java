package dev.imagescan.functions.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.ImageRecord;
import java.io.IOException;

/** How an image record is written in answers: a summary in lists, every field on its own page. */
final class ImageJson {
    private ImageJson() {}

    /** {@code {"High":…,"Medium":…,"Low":…,"Unknown":…,"total":…}}, the report's spelling of the levels. */
    static void counts(JsonGenerator g, SeverityCounts c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("High", c.high());
        g.writeNumberField("Medium", c.medium());
        g.writeNumberField("Low", c.low());
        g.writeNumberField("Unknown", c.unknown());
        g.writeNumberField("total", c.total());
        g.writeEndObject();
    }

    /** The fields a listing shows of an image. */
    static void summary(JsonGenerator g, ImageRecord image) throws IOException {
        g.writeStartObject();
        summaryFields(g, image);
        g.writeObjectFieldStart("links");
        g.writeStringField("self", self(image));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Every field of the record, with links to its report, verdict and last scan. */
    static void full(JsonGenerator g, ImageRecord image) throws IOException {
        g.writeStartObject();
        summaryFields(g, image);
        g.writeStringField("sourceKey", image.sourceKey());
        JsonContent.instantField(g, "firstScanAt", image.firstScanAt());
        g.writeStringField("lastScanId", image.lastScanId());
        g.writeStringField("analyzerVersion", image.analyzerKey());
        g.writeNumberField("revision", image.revision());
        g.writeObjectFieldStart("links");
        g.writeStringField("self", self(image));
        boolean scanned = image.dbVersion() != null;
        g.writeStringField("report", scanned ? self(image) + "/report" : null);
        g.writeStringField("verdict", scanned ? self(image) + "/verdict" : null);
        g.writeStringField("lastScan", image.lastScanId() == null ? null : "/scans/" + image.lastScanId());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void summaryFields(JsonGenerator g, ImageRecord image) throws IOException {
        g.writeStringField("digest", image.digest());
        g.writeStringField("registry", image.registry());
        g.writeStringField("repository", image.repository());
        g.writeArrayFieldStart("tags");
        for (String t : image.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
        JsonContent.instantField(g, "lastScanAt", image.lastScanAt());
        g.writeStringField("dbVersion", image.dbVersion());
        g.writeFieldName("counts");
        counts(g, image.counts());
        g.writeStringField("verdict", image.verdict());
        g.writeStringField("policyVersion", image.policyVersion());
    }

    private static String self(ImageRecord image) {
        return "/images/" + image.digest();
    }
}
