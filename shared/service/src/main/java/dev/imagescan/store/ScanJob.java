package dev.imagescan.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.InvalidReferenceException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A message asking the scan function to run one scan, as JSON on the job queue:
 * {@code {"v":1,"scanId":"…","imageDigest":"sha256:…","objectKey":"incoming/…","trigger":"PUSH","attempt":1,
 * "image":"host/repo@sha256:…"}} (any of {@code imageDigest}, {@code objectKey} and {@code image} may be null, not
 * all three; {@code image} is absent from jobs written before it existed; {@code "authorization"} may go with
 * {@code image}). Readers ignore fields they do not know, so
 * fields can be added within version 1. The JSON is ASCII: any other character is escaped, because SQS refuses
 * some characters (U+FFFE, U+FFFF) that object keys may contain.
 *
 * @param scanId      the scan's id in the {@link Scans} table
 * @param imageDigest the image to scan, when known by digest
 * @param objectKey   the archive to scan, when the image is an uploaded archive
 * @param trigger     why the scan was asked for
 * @param attempt     1 for the first send, more when the job is sent again
 * @param image       the image to read from its registry: {@code host[:port]/repository} with a tag, a digest or
 *                    both (at most {@value #MAX_IMAGE_LENGTH} characters); null for an archive or a re-match
 * @param authorization the HTTP {@code Authorization} value a caller gave for reading {@code image} (Harbor's
 *                    robot account: {@code Basic …} or {@code Bearer …}), JSON field {@code "authorization"}; null
 *                    when none. It lives only in the message: no table or object keeps it, and {@link #toString}
 *                    never shows it (docs/harbor.md)
 */
public record ScanJob(String scanId, String imageDigest, String objectKey, ScanTrigger trigger, int attempt,
        String image, String authorization) {
    /** The JSON format's version. */
    public static final int FORMAT_VERSION = 1;
    /** The longest registry reference a job carries. */
    public static final int MAX_IMAGE_LENGTH = 512;
    private static final int MAX_JSON_CHARS = 64 * 1024;
    /** Writes ASCII only (other characters as JSON unicode escapes): SQS refuses some characters keys may hold. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final int MAX_AUTHORIZATION_CHARS = 8 * 1024;

    /** A job for an archive or an image known by digest (no registry reference). */
    public ScanJob(String scanId, String imageDigest, String objectKey, ScanTrigger trigger, int attempt) {
        this(scanId, imageDigest, objectKey, trigger, attempt, null, null);
    }

    /** A job that may name the image in its registry, read without credentials of its own. */
    public ScanJob(String scanId, String imageDigest, String objectKey, ScanTrigger trigger, int attempt,
            String image) {
        this(scanId, imageDigest, objectKey, trigger, attempt, image, null);
    }

    public ScanJob {
        StoreKeys.requireId("scan id", scanId);
        if (imageDigest != null) {
            StoreKeys.requireDigest("image digest", imageDigest);
        }
        if (imageDigest == null && objectKey == null && image == null) {
            throw new IllegalArgumentException("a scan job names an image digest, an object key or an image");
        }
        if (image != null) {
            requireImage(image);
        }
        if (authorization != null && (image == null || authorization.isBlank()
                || authorization.length() > MAX_AUTHORIZATION_CHARS)) {
            throw new IllegalArgumentException("an authorization goes with an image and has 1 to "
                    + MAX_AUTHORIZATION_CHARS + " characters");
        }
        if (objectKey != null && (objectKey.isEmpty() || objectKey.length() > 1024)) {
            throw new IllegalArgumentException("an object key has 1 to 1024 characters, not " + objectKey.length());
        }
        Objects.requireNonNull(trigger, "trigger");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, not " + attempt);
        }
    }

    /**
     * Checks that {@code image} is a registry reference naming its registry ({@code host[:port]/repository}, with a
     * tag or a digest), as jobs, scans and the API take it.
     *
     * @throws IllegalArgumentException saying why it is not
     */
    public static void requireImage(String image) {
        if (image.isEmpty() || image.length() > MAX_IMAGE_LENGTH) {
            throw new IllegalArgumentException("an image reference has 1 to " + MAX_IMAGE_LENGTH
                    + " characters, not " + image.length());
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!image.startsWith(ref.registry() + "/")) {
            throw new IllegalArgumentException("image '" + image + "' does not name its registry (write it in full, "
                    + "e.g. " + ref.repositoryName() + ")");
        }
        if (!image.equals(ref.toString())) {
            throw new IllegalArgumentException("image '" + image + "' is not a reference in full: "
                    + ref + " (with a tag or a digest)");
        }
    }

    /** The same job, sent once more. */
    public ScanJob nextAttempt() {
        return new ScanJob(scanId, imageDigest, objectKey, trigger, attempt + 1, image, authorization);
    }

    /** The job without its secret: logs and error messages may show this. */
    @Override
    public String toString() {
        return "ScanJob[scanId=" + scanId + ", imageDigest=" + imageDigest + ", objectKey=" + objectKey
                + ", trigger=" + trigger + ", attempt=" + attempt + ", image=" + image
                + (authorization == null ? "" : ", authorization=****") + "]";
    }

    /** This job as one line of JSON. */
    public String toJson() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("scanId", scanId);
            g.writeStringField("imageDigest", imageDigest);
            g.writeStringField("objectKey", objectKey);
            g.writeStringField("trigger", trigger.name());
            g.writeNumberField("attempt", attempt);
            if (image != null) {
                g.writeStringField("image", image);
            }
            if (authorization != null) {
                g.writeStringField("authorization", authorization);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a job written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when {@code json} is not a version-1 scan job
     */
    public static ScanJob fromJson(String json) {
        if (json.length() > MAX_JSON_CHARS) {
            throw new IllegalArgumentException("a scan job is at most " + MAX_JSON_CHARS + " characters of JSON, not "
                    + json.length());
        }
        Integer version = null;
        String scanId = null;
        String imageDigest = null;
        String objectKey = null;
        String trigger = null;
        Integer attempt = null;
        String image = null;
        String authorization = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a scan job is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> version = intValue(p, value, field);
                    case "scanId" -> scanId = stringValue(p, value, field);
                    case "imageDigest" -> imageDigest = stringValue(p, value, field);
                    case "objectKey" -> objectKey = stringValue(p, value, field);
                    case "trigger" -> trigger = stringValue(p, value, field);
                    case "attempt" -> attempt = intValue(p, value, field);
                    case "image" -> image = stringValue(p, value, field);
                    case "authorization" -> authorization = stringValue(p, value, field);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("a scan job is one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a scan job is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (version == null || version != FORMAT_VERSION) {
            throw new IllegalArgumentException("a scan job has \"v\": " + FORMAT_VERSION + ", not " + version);
        }
        if (scanId == null || trigger == null || attempt == null) {
            throw new IllegalArgumentException("a scan job has scanId, trigger and attempt");
        }
        ScanTrigger parsedTrigger;
        try {
            parsedTrigger = ScanTrigger.valueOf(trigger);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scan trigger '" + trigger + "'", e);
        }
        return new ScanJob(scanId, imageDigest, objectKey, parsedTrigger, attempt, image, authorization);
    }

    private static String stringValue(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("scan job field '" + field + "' is a string");
        }
        return p.getText();
    }

    private static int intValue(JsonParser p, JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new IllegalArgumentException("scan job field '" + field + "' is an integer");
        }
        return p.getIntValue();
    }
}
