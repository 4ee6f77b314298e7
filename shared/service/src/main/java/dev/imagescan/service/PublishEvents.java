package dev.imagescan.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.report.Finding;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.BusEvent;
import dev.imagescan.store.ScanCompleted;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events the publish function puts on the bus (docs/storage.md, "Publishing"), all with source
 * {@value #SOURCE}:
 * <ul>
 * <li>{@value #SCAN}: shaped as Amazon ECR's basic-scanning event of that name ({@code scan-status},
 *     {@code repository-name}, {@code image-digest}, {@code image-tags}, {@code finding-severity-counts} with a key
 *     only for the levels found: {@code HIGH}, {@code MEDIUM}, {@code LOW}, {@code UNDEFINED} for Unknown), so rules
 *     written for ECR match it with the source changed; plus this scanner's fields;
 * <li>{@value #NEW_VULNERABILITIES}: the findings of a re-scan that its image's previous report did not have;
 * <li>{@value #VERDICT_CHANGED}: the blocking policy's verdict of the image changed.
 * </ul>
 * Every detail stays under EventBridge's 256 KiB per entry: the list of new vulnerabilities is cut, most severe kept,
 * and says how many it left out.
 */
public final class PublishEvents {
    public static final String SOURCE = "imagescan";
    public static final String SCAN = "ECR Image Scan";
    public static final String NEW_VULNERABILITIES = "ImageScan New Vulnerabilities";
    public static final String VERDICT_CHANGED = "ImageScan Verdict Changed";
    /** The most bytes of an event's entry (EventBridge's limit). */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** What the listed new vulnerabilities may take of an event, leaving room for the rest of it. */
    static final int VULNERABILITY_LIST_BUDGET = MAX_EVENT_BYTES - 16 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What events say of the image.
     *
     * @param repository null when unknown
     */
    public record Image(String digest, String repository, List<String> tags) {
        public Image {
            tags = List.copyOf(tags);
        }
    }

    private PublishEvents() {}

    /**
     * The {@value #SCAN} event of a completed scan.
     *
     * @param reports the s3:// URI of each published format, by format name
     */
    public static BusEvent scan(ScanCompleted m, Image image, SeverityCounts counts, String coverage,
            Map<String, String> reports, List<String> resources) {
        return new BusEvent(SOURCE, SCAN, json(g -> {
            g.writeStringField("scan-status", "COMPLETE");
            g.writeStringField("repository-name", image.repository());
            g.writeStringField("image-digest", image.digest());
            tags(g, image);
            g.writeObjectFieldStart("finding-severity-counts");
            count(g, "HIGH", counts.high());
            count(g, "MEDIUM", counts.medium());
            count(g, "LOW", counts.low());
            count(g, "UNDEFINED", counts.unknown());
            g.writeEndObject();
            g.writeStringField("scan-id", m.scanId());
            g.writeStringField("trigger", m.trigger().name());
            g.writeStringField("completed-at", m.completedAt().toString());
            g.writeStringField("coverage", coverage);
            g.writeStringField("verdict", m.verdict());
            g.writeStringField("policy-version", m.policyVersion());
            g.writeStringField("database-version", m.dbVersion());
            g.writeObjectFieldStart("reports");
            for (Map.Entry<String, String> r : reports.entrySet()) {
                g.writeStringField(r.getKey(), r.getValue());
            }
            g.writeEndObject();
        }), resources);
    }

    /** An event that lists only what fits, and how many it left out. */
    public record Capped(BusEvent event, int omitted) {}

    /**
     * The {@value #NEW_VULNERABILITIES} event: {@code added} (most severe first) listed while they fit, the rest
     * counted in {@code omitted}.
     */
    public static Capped newVulnerabilities(ScanCompleted m, Image image, List<Finding> added, String report,
            String previousReport, List<String> resources) {
        List<String> items = new ArrayList<>();
        int bytes = 0;
        for (Finding f : added) {
            String item = json(g -> {
                g.writeStringField("id", f.id());
                g.writeStringField("package", f.pkg().name());
                g.writeStringField("installed", f.pkg().version());
                g.writeStringField("fixed", f.fixedVersion());
                g.writeStringField("severity", f.level().label());
            });
            int size = item.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > VULNERABILITY_LIST_BUDGET) {
                break;
            }
            items.add(item);
            bytes += size;
        }
        int omitted = added.size() - items.size();
        return new Capped(new BusEvent(SOURCE, NEW_VULNERABILITIES, json(g -> {
            common(g, m, image);
            g.writeStringField("report", report);
            g.writeStringField("previous-report", previousReport);
            g.writeNumberField("count", added.size());
            g.writeNumberField("omitted", omitted);
            g.writeArrayFieldStart("vulnerabilities");
            for (String item : items) {
                g.writeRawValue(item);
            }
            g.writeEndArray();
        }), resources), omitted);
    }

    /**
     * The {@value #VERDICT_CHANGED} event.
     *
     * @param verdictDocument the s3:// URI of the verdict JSON, null when none is stored
     */
    public static BusEvent verdictChanged(ScanCompleted m, Image image, String report, String verdictDocument,
            List<String> resources) {
        return new BusEvent(SOURCE, VERDICT_CHANGED, json(g -> {
            common(g, m, image);
            g.writeStringField("kind", m.kind().name());
            g.writeStringField("verdict", m.verdict());
            g.writeStringField("previous-verdict", m.previousVerdict());
            g.writeStringField("policy-version", m.policyVersion());
            g.writeStringField("given-at", m.completedAt().toString());
            g.writeStringField("report", report);
            g.writeStringField("verdict-document", verdictDocument);
        }), resources);
    }

    /**
     * The findings of {@code now} whose (id, package name) pair is in none of {@code before}, in {@code now}'s order
     * (most severe first). A package upgraded to a version still affected is not new.
     */
    public static List<Finding> added(List<Finding> now, List<Finding> before) {
        Set<String> known = new HashSet<>();
        for (Finding f : before) {
            known.add(key(f));
        }
        return now.stream().filter(f -> !known.contains(key(f))).toList();
    }

    private static String key(Finding f) {
        return f.id() + "\n" + f.pkg().name();
    }

    private static void common(JsonGenerator g, ScanCompleted m, Image image) throws IOException {
        g.writeStringField("repository-name", image.repository());
        g.writeStringField("image-digest", image.digest());
        tags(g, image);
        g.writeStringField("scan-id", m.scanId());
        g.writeStringField("trigger", m.trigger().name());
    }

    private static void tags(JsonGenerator g, Image image) throws IOException {
        g.writeArrayFieldStart("image-tags");
        for (String t : image.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
    }

    private static void count(JsonGenerator g, String level, int n) throws IOException {
        if (n > 0) {
            g.writeNumberField(level, n);
        }
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object of the fields {@code fields} writes. */
    private static String json(Fields fields) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
