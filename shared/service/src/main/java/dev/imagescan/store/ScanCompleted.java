package dev.imagescan.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The message the scan function sends to the {@link CompletionQueue} when a scan of an image is DONE (or when a
 * periodic run judged an image again and its verdict changed), one line of ASCII JSON:
 *
 * <pre>{"v":1,"kind":"SCANNED","scanId":"…","imageDigest":"sha256:…","trigger":"PERIODIC","dbVersion":"sha256:…",
 * "reportKey":"images/sha256:…/report-sha256:….json","previousReportKey":null,"verdict":"BLOCKED",
 * "previousVerdict":"ALLOWED","policyVersion":"3","completedAt":1795000000000}</pre>
 *
 * Readers ignore unknown fields, so fields can be added within version 1.
 *
 * @param kind              what happened
 * @param scanId            the scan that did it (for {@link Kind#REJUDGED}, the periodic scan that judged the image
 *                          again: each periodic run has its own, so a publisher idempotent per scan id sees it)
 * @param imageDigest       the image
 * @param trigger           why the scan ran
 * @param dbVersion         the database version of the report
 * @param reportKey         the JSON report ({@link StoreKeys#imageReport})
 * @param previousReportKey the image's report before this scan, null when it had none (its first scan) or the same
 * @param verdict           {@code ALLOWED} or {@code BLOCKED} under the current policy, null when not judged
 * @param previousVerdict   the verdict the image had before, null when it had none
 * @param policyVersion     the version of the policy that gave {@code verdict}, null with it
 * @param completedAt       when the scan finished (or the verdict was given), to the millisecond
 */
public record ScanCompleted(Kind kind, String scanId, String imageDigest, ScanTrigger trigger, String dbVersion,
        String reportKey, String previousReportKey, String verdict, String previousVerdict, String policyVersion,
        Instant completedAt) {
    /** The JSON format's version. */
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_JSON_CHARS = 64 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** What the message tells. */
    public enum Kind {
        /** A scan finished: a new report (new results, or the same image against a new database). */
        SCANNED,
        /** No new report, but the image was judged again and its verdict changed (a policy or allow-list change). */
        REJUDGED
    }

    public ScanCompleted {
        Objects.requireNonNull(kind, "kind");
        StoreKeys.requireId("scan id", scanId);
        StoreKeys.requireDigest("image digest", imageDigest);
        Objects.requireNonNull(trigger, "trigger");
        StoreKeys.requireVersion("database version", dbVersion);
        Objects.requireNonNull(reportKey, "reportKey");
        if (verdict != null && !verdict.equals("ALLOWED") && !verdict.equals("BLOCKED")) {
            throw new IllegalArgumentException("a verdict is ALLOWED or BLOCKED, not " + verdict);
        }
        if (previousVerdict != null && !previousVerdict.equals("ALLOWED") && !previousVerdict.equals("BLOCKED")) {
            throw new IllegalArgumentException("a verdict is ALLOWED or BLOCKED, not " + previousVerdict);
        }
        Objects.requireNonNull(completedAt, "completedAt");
        completedAt = Instant.ofEpochMilli(completedAt.toEpochMilli());
    }

    /** Whether the verdict changed from one the image had (a first verdict is no change). */
    public boolean verdictChanged() {
        return previousVerdict != null && verdict != null && !verdict.equals(previousVerdict);
    }

    /** This message as one line of ASCII JSON. */
    public String toJson() {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("kind", kind.name());
            g.writeStringField("scanId", scanId);
            g.writeStringField("imageDigest", imageDigest);
            g.writeStringField("trigger", trigger.name());
            g.writeStringField("dbVersion", dbVersion);
            g.writeStringField("reportKey", reportKey);
            g.writeStringField("previousReportKey", previousReportKey);
            g.writeStringField("verdict", verdict);
            g.writeStringField("previousVerdict", previousVerdict);
            g.writeStringField("policyVersion", policyVersion);
            g.writeNumberField("completedAt", completedAt.toEpochMilli());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a message written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when {@code json} is not a version-1 scan-completed message
     */
    public static ScanCompleted fromJson(String json) {
        if (json.length() > MAX_JSON_CHARS) {
            throw new IllegalArgumentException("a scan-completed message is at most " + MAX_JSON_CHARS
                    + " characters of JSON, not " + json.length());
        }
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a scan-completed message is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v", "completedAt" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("scan-completed field '" + field + "' is an integer");
                        }
                        fields.put(field, p.getLongValue());
                    }
                    case "kind", "scanId", "imageDigest", "trigger", "dbVersion", "reportKey", "previousReportKey",
                            "verdict", "previousVerdict", "policyVersion" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            fields.put(field, null);
                        } else if (value == JsonToken.VALUE_STRING) {
                            fields.put(field, p.getText());
                        } else {
                            throw new IllegalArgumentException("scan-completed field '" + field + "' is a string");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("a scan-completed message is one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a scan-completed message is not valid JSON: " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Long.valueOf(FORMAT_VERSION).equals(fields.get("v"))) {
            throw new IllegalArgumentException("a scan-completed message has \"v\": " + FORMAT_VERSION + ", not "
                    + fields.get("v"));
        }
        for (String required : new String[] {"kind", "scanId", "imageDigest", "trigger", "dbVersion", "reportKey",
                "completedAt"}) {
            if (fields.get(required) == null) {
                throw new IllegalArgumentException("a scan-completed message has '" + required + "'");
            }
        }
        return new ScanCompleted(enumValue(Kind.class, "kind", (String) fields.get("kind")),
                (String) fields.get("scanId"), (String) fields.get("imageDigest"),
                enumValue(ScanTrigger.class, "trigger", (String) fields.get("trigger")),
                (String) fields.get("dbVersion"), (String) fields.get("reportKey"),
                (String) fields.get("previousReportKey"), (String) fields.get("verdict"),
                (String) fields.get("previousVerdict"), (String) fields.get("policyVersion"),
                Instant.ofEpochMilli((Long) fields.get("completedAt")));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scan-completed " + field + " '" + value + "'", e);
        }
    }
}
