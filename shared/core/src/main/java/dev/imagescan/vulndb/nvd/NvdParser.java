package dev.imagescan.vulndb.nvd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.CvssScores;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an NVD CVE feed in its JSON 2.0 form ({@code nvdcve-2.0-<year>.json}, {@code nvdcve-2.0-modified.json}, or
 * a page of the CVE API 2.0, which has the same shape: {@code {"format": "NVD_CVE", "version": "2.0",
 * "vulnerabilities": [{"cve": {...}}, ...]}}), streaming: one CVE at a time is held.
 *
 * <p>Of each CVE: its {@code id} and, from {@code metrics}, one CVSS rating per version ({@code cvssMetricV40},
 * {@code cvssMetricV31}, {@code cvssMetricV30}, {@code cvssMetricV2}): NVD's own ({@code type: Primary}) when there is
 * one, else the first secondary one (the CNA's). The base score is computed from the vector
 * ({@link CvssScores}), like the OSV import's; a vector that does not parse is a warning and is left out. A CVE with
 * no usable rating (not yet analysed, rejected) gives nothing. Anything that is not this shape is a
 * {@link FeedFormatException} naming the feed and the JSON location.
 */
public final class NvdParser {
    private static final String[] METRICS = {"cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"};
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20)
                    .build())
            .build();

    private NvdParser() {}

    /**
     * Parses {@code in} (closed at the end) and hands each CVE's ratings to {@code out}.
     *
     * @param name     the feed, for messages
     * @param warnings receives each rating left out
     * @return how many CVEs the feed listed
     */
    public static long parse(InputStream in, String name, Consumer<CveSignals> out, Consumer<OsvWarning> warnings)
            throws IOException {
        long cves = 0;
        try (JsonParser p = FACTORY.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, name, "a JSON object");
            boolean found = false;
            boolean format = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format")) {
                    if (!(value == JsonToken.VALUE_STRING && p.getText().equals("NVD_CVE"))) {
                        throw bad(p, name, "format is not NVD_CVE");
                    }
                    format = true;
                }
                if (!field.equals("vulnerabilities")) {
                    p.skipChildren();
                    continue;
                }
                expect(p, value, JsonToken.START_ARRAY, name, "vulnerabilities to be an array");
                found = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    expect(p, p.currentToken(), JsonToken.START_OBJECT, name, "an object in vulnerabilities");
                    CveSignals s = item(p, name, warnings);
                    cves++;
                    if (s != null) {
                        out.accept(s);
                    }
                }
            }
            if (!found || !format) {
                throw new FeedFormatException(name + ": not an NVD JSON 2.0 feed (no \"format\": \"NVD_CVE\" and"
                        + " vulnerabilities array)");
            }
        } catch (JsonParseException e) {
            throw new FeedFormatException(name + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        return cves;
    }

    /** One {@code {"cve": {...}}}; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static CveSignals item(JsonParser p, String name, Consumer<OsvWarning> warnings) throws IOException {
        CveSignals signals = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("cve")) {
                expect(p, value, JsonToken.START_OBJECT, name, "cve to be an object");
                signals = cve(p, name, warnings);
            } else {
                p.skipChildren();
            }
        }
        return signals;
    }

    private static CveSignals cve(JsonParser p, String name, Consumer<OsvWarning> warnings) throws IOException {
        String id = null;
        List<Metric> metrics = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("id")) {
                expect(p, value, JsonToken.VALUE_STRING, name, "id to be a string");
                id = p.getText();
            } else if (field.equals("metrics")) {
                expect(p, value, JsonToken.START_OBJECT, name, "metrics to be an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String kind = p.currentName();
                    JsonToken list = p.nextToken();
                    int rank = rank(kind);
                    if (rank < 0) {
                        p.skipChildren();
                        continue;
                    }
                    expect(p, list, JsonToken.START_ARRAY, name, kind + " to be an array");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        expect(p, p.currentToken(), JsonToken.START_OBJECT, name, "an object in " + kind);
                        metrics.add(metric(p, name, kind));
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (id == null) {
            throw bad(p, name, "a cve without an id");
        }
        List<CvssScore> scores = new ArrayList<>();
        for (String kind : METRICS) {
            Metric chosen = null;
            for (Metric m : metrics) {
                if (m.kind.equals(kind) && m.vector != null && (chosen == null || (!chosen.primary && m.primary))) {
                    chosen = m;
                }
            }
            if (chosen == null) {
                continue;
            }
            try {
                scores.add(CvssScores.score(kind.equals("cvssMetricV2") ? "CVSS_V2"
                        : kind.equals("cvssMetricV40") ? "CVSS_V4" : "CVSS_V3", chosen.vector));
            } catch (IllegalArgumentException e) {
                warnings.accept(new OsvWarning(OsvWarning.Kind.UNPARSEABLE_CVSS, name, id, "NVD " + kind
                        + " vector '" + chosen.vector + "' left out: " + e.getMessage()));
            }
        }
        return scores.isEmpty() ? null : CveSignals.ofNvd(id, scores);
    }

    private record Metric(String kind, boolean primary, String vector) {}

    private static Metric metric(JsonParser p, String name, String kind) throws IOException {
        boolean primary = false;
        String vector = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("type")) {
                primary = value == JsonToken.VALUE_STRING && p.getText().equals("Primary");
            } else if (field.equals("cvssData")) {
                expect(p, value, JsonToken.START_OBJECT, name, "cvssData to be an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("vectorString")) {
                        expect(p, v, JsonToken.VALUE_STRING, name, "vectorString to be a string");
                        vector = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new Metric(kind, primary, vector);
    }

    private static int rank(String kind) {
        for (int i = 0; i < METRICS.length; i++) {
            if (METRICS[i].equals(kind)) {
                return i;
            }
        }
        return -1;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted, String name, String what)
            throws IOException {
        if (got != wanted) {
            throw bad(p, name, "expected " + what + ", found " + (got == null ? "the end" : got.asString() == null
                    ? got.name() : got.asString()));
        }
    }

    private static FeedFormatException bad(JsonParser p, String name, String message) {
        return new FeedFormatException(name + ": " + message + " (line " + p.currentLocation().getLineNr()
                + ", column " + p.currentLocation().getColumnNr() + ")");
    }
}
