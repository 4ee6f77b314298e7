package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes the spec's {@code Artifact} and {@code Scanner} objects, shared by every report. */
final class HarborArtifact {
    private HarborArtifact() {}

    static void artifact(JsonGenerator g, HarborScanRequest request) throws IOException {
        g.writeObjectFieldStart("artifact");
        g.writeStringField("repository", request.repository());
        g.writeStringField("digest", request.digest());
        if (request.tag() != null) {
            g.writeStringField("tag", request.tag());
        }
        if (request.mimeType() != null) {
            g.writeStringField("mime_type", request.mimeType());
        }
        g.writeEndObject();
    }

    static void scanner(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("scanner");
        g.writeStringField("name", ScannerMetadata.NAME);
        g.writeStringField("vendor", ScannerMetadata.VENDOR);
        g.writeStringField("version", ScannerMetadata.version());
        g.writeEndObject();
    }
}
