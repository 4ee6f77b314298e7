package dev.imagescan.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was published for one scan-completed message, written last ({@code reports/<digest>/<scanId>/published.json},
 * or {@code verdict-<millis>.published.json} for a verdict change): its presence makes the message a no-op.
 *
 * <pre>{"v":1,"kind":"SCANNED","scanId":"…","imageDigest":"sha256:…","publishedAt":"…","latest":true,
 * "reports":{"json":"reports/…/report.json",…},"events":[{"detailType":"ECR Image Scan","eventId":"…"}],
 * "newVulnerabilities":3,"omitted":0}</pre>
 *
 * @param reports            the keys written, by format (empty for a verdict change)
 * @param latest             whether the copies under {@code latest/} were written
 * @param events             the events put
 * @param newVulnerabilities how many findings were new to the previous report, -1 when not compared
 * @param omitted            how many of those the event left out
 */
public record PublishMarker(String kind, String scanId, String imageDigest, Instant publishedAt, boolean latest,
        Map<String, String> reports, List<PutEvent> events, int newVulnerabilities, int omitted) {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** One event put: its detail type and the id the bus gave it. */
    public record PutEvent(String detailType, String eventId) {}

    public PublishMarker {
        reports = Map.copyOf(reports);
        events = List.copyOf(events);
    }

    /** The marker as ASCII JSON. */
    public byte[] toJson() {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("kind", kind);
            g.writeStringField("scanId", scanId);
            g.writeStringField("imageDigest", imageDigest);
            g.writeStringField("publishedAt", publishedAt.toString());
            g.writeBooleanField("latest", latest);
            g.writeObjectFieldStart("reports");
            for (String format : new java.util.TreeSet<>(reports.keySet())) {
                g.writeStringField(format, reports.get(format));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("events");
            for (PutEvent e : events) {
                g.writeStartObject();
                g.writeStringField("detailType", e.detailType());
                g.writeStringField("eventId", e.eventId());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("newVulnerabilities", newVulnerabilities);
            g.writeNumberField("omitted", omitted);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
