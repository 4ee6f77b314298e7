package dev.imagescan.functions.harbor;

import dev.imagescan.report.CycloneDxWriter;
import dev.imagescan.report.JsonReportReader;
import dev.imagescan.report.SpdxWriter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three operations of Harbor's Pluggable Scanner API v1.2, after {@link CallerAuthentication}:
 * {@code GET /api/v1/metadata}, {@code POST /api/v1/scan} (202 with the id) and
 * {@code GET /api/v1/scan/{scan_request_id}/report} (302 with {@code Refresh-After} while the scan is queued or
 * running; 200 with the report in the type the {@code Accept} asks for; 500 with the reason when the scan failed;
 * 404 for an id Harbor never got from us; 400 for an SBOM asked for without {@code sbom_media_type} or in a format
 * other than CycloneDX and SPDX; 501 for a type not produced). A path the API does not have is a 404, a method a
 * path does not take a 405.
 */
public final class HarborAdapter {
    /** The seconds Harbor is told to wait before polling again. */
    static final int REFRESH_AFTER_SECONDS = 10;
    private static final String PREFIX = "/api/v1";

    private final CallerAuthentication authentication;
    private final ScannerMetadata metadata;
    private final ScanRequestReader reader;
    private final HarborScans scans;

    HarborAdapter(AdapterSecret secret, RegistryPolicy registries, ObjectStore store, HarborScans scans) {
        this.authentication = new CallerAuthentication(secret);
        this.metadata = new ScannerMetadata(store);
        this.reader = new ScanRequestReader(registries);
        this.scans = scans;
    }

    /** The adapter over a deployment's stores; scan ids are random UUIDs. */
    public HarborAdapter(AdapterSecret secret, RegistryPolicy registries, ObjectStore store, ScanTable table,
            JobQueue queue) {
        this(secret, registries, store, new HarborScans(store, table, queue));
    }

    HarborResponse handle(HarborRequest request) {
        String path = request.path();
        String method = request.method();
        if (!path.startsWith(PREFIX + "/")) {
            throw HarborException.notFound("no route " + method + " " + path);
        }
        authentication.check(request.header("authorization"));
        String rest = path.substring(PREFIX.length());
        if (rest.equals("/metadata")) {
            requireMethod(method, "GET", path);
            return metadata.answer();
        }
        if (rest.equals("/scan")) {
            requireMethod(method, "POST", path);
            return accept(request);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length == 4 && parts[1].equals("scan") && !parts[2].isEmpty() && parts[3].equals("report")) {
            requireMethod(method, "GET", path);
            return report(parts[2], request);
        }
        throw HarborException.notFound("no route " + method + " " + path);
    }

    private static void requireMethod(String method, String allowed, String path) {
        if (!method.equals(allowed)) {
            throw new HarborException(405, method + " is not allowed on " + path + " (allowed: " + allowed + ")",
                    Map.of("Allow", allowed));
        }
    }

    private HarborResponse accept(HarborRequest request) {
        String type = request.header("content-type");
        if (type != null && !HarborMediaTypes.normalize(type).startsWith(HarborMediaTypes.SCAN_REQUEST)
                && !HarborMediaTypes.normalize(type).startsWith("application/json")) {
            throw HarborException.badRequest("a scan request is " + HarborMediaTypes.SCAN_REQUEST
                    + " (version 1.0 or 1.1), not " + type);
        }
        HarborScanRequest scan = reader.read(request.body());
        String id = scans.accept(scan);
        return HarborResponse.json(202, HarborMediaTypes.SCAN_RESPONSE, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeEndObject();
        });
    }

    private HarborResponse report(String id, HarborRequest request) {
        String type = reportType(request.header("accept"));
        String sbomFormat = null;
        if (type.equals(HarborMediaTypes.SBOM_REPORT)) {
            sbomFormat = request.query().get("sbom_media_type");
            String formats = String.join(" or ", HarborMediaTypes.SBOM_FORMATS);
            if (sbomFormat == null || sbomFormat.isEmpty()) {
                throw HarborException.badRequest("an SBOM report needs ?sbom_media_type=" + formats);
            }
            if (!HarborMediaTypes.SBOM_FORMATS.contains(sbomFormat)) {
                throw HarborException.badRequest("sbom_media_type is " + formats + ", not " + sbomFormat);
            }
        }
        Optional<HarborScans.State> state = scans.state(id);
        if (state.isEmpty()) {
            throw HarborException.notFound("no scan request " + id);
        }
        if (state.get() instanceof HarborScans.State.Running) {
            return new HarborResponse(302, Map.of("Refresh-After", Integer.toString(REFRESH_AFTER_SECONDS)), "");
        }
        if (state.get() instanceof HarborScans.State.Failed failed) {
            return HarborResponse.error(500, failed.reason());
        }
        HarborScans.State.Done done = (HarborScans.State.Done) state.get();
        if (type.equals(HarborMediaTypes.RAW_REPORT)) {
            return new HarborResponse(200, Map.of("Content-Type", HarborMediaTypes.RAW_REPORT),
                    HarborScans.text(done.report()));
        }
        VulnerabilityReport report = read(done.report());
        if (type.equals(HarborMediaTypes.SBOM_REPORT)) {
            String sbom = sbom(report, sbomFormat);
            String format = sbomFormat;
            return HarborResponse.json(200, HarborMediaTypes.SBOM_REPORT, g -> {
                g.writeStartObject();
                g.writeStringField("generated_at", DateTimeFormatter.ISO_INSTANT.format(report.generatedAt()));
                HarborArtifact.artifact(g, done.request());
                HarborArtifact.scanner(g);
                g.writeObjectFieldStart("vendor_attributes");
                g.writeNumberField("packages", report.inventory().packages().size());
                g.writeEndObject();
                g.writeStringField("media_type", format);
                g.writeFieldName("sbom");
                g.writeRawValue(sbom);
                g.writeEndObject();
            });
        }
        return HarborResponse.json(200, type, g -> HarborReportWriter.write(g, report, done.request()));
    }

    /** The report type {@code accept} asks for: the first we produce; the default for none or a wildcard. */
    static String reportType(String accept) {
        if (accept == null || accept.isBlank()) {
            return HarborMediaTypes.SECURITY_REPORT;
        }
        List<String> produced = new ArrayList<>(HarborMediaTypes.VULNERABILITY_REPORTS);
        produced.add(HarborMediaTypes.SBOM_REPORT);
        for (String asked : accept.split(",")) {
            String normalized = HarborMediaTypes.normalize(asked);
            if (normalized.equals("*/*") || normalized.equals("application/*")) {
                return HarborMediaTypes.SECURITY_REPORT;
            }
            for (String p : produced) {
                if (HarborMediaTypes.same(p, asked)) {
                    return p;
                }
            }
        }
        throw HarborException.notImplemented("no report of type " + accept + "; this scanner produces "
                + String.join(", ", produced));
    }

    private static VulnerabilityReport read(byte[] json) {
        try {
            return new JsonReportReader().read(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scanned image's SBOM in {@code format}: CycloneDX 1.5 or SPDX 2.3 JSON. */
    private static String sbom(VulnerabilityReport report, String format) {
        try {
            if (format.equals(HarborMediaTypes.SPDX)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new SpdxWriter().write(report.inventory(), out);
                return out.toString(StandardCharsets.UTF_8);
            }
            return CycloneDxWriter.toJson(report.inventory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
