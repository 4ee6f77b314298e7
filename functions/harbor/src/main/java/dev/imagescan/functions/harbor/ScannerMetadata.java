package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.common.ScannerVersion;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/metadata}: the scanner (name, vendor, version), its two capabilities (vulnerability reports in
 * the three report types, SBOMs in CycloneDX and SPDX; both for OCI and Docker schema 2 image manifests) and
 * properties: the scanner type and when the vulnerability database was last updated (the time {@code vulndb/current}
 * was written, read with one HEAD, so no database is loaded to answer).
 */
final class ScannerMetadata {
    static final String NAME = ScannerVersion.NAME;
    static final String VENDOR = "imagescan";
    static final String DATABASE_UPDATED_AT = "harbor.scanner-adapter/vulnerability-database-updated-at";

    private final ObjectStore store;

    ScannerMetadata(ObjectStore store) {
        this.store = store;
    }

    static String version() {
        return ScannerVersion.version();
    }

    HarborResponse answer() {
        Optional<ObjectInfo> current = store.head(StoreKeys.VULNDB_CURRENT);
        return HarborResponse.json(200, HarborMediaTypes.METADATA, g -> {
            g.writeStartObject();
            HarborArtifact.scanner(g);
            g.writeArrayFieldStart("capabilities");
            capability(g, "vulnerability", HarborMediaTypes.VULNERABILITY_REPORTS, null);
            capability(g, "sbom", List.of(HarborMediaTypes.SBOM_REPORT), HarborMediaTypes.SBOM_FORMATS);
            g.writeEndArray();
            g.writeObjectFieldStart("properties");
            g.writeStringField("harbor.scanner-adapter/scanner-type", "os-package-vulnerability");
            if (current.isPresent() && current.get().lastModified() != null) {
                g.writeStringField(DATABASE_UPDATED_AT,
                        DateTimeFormatter.ISO_INSTANT.format(current.get().lastModified()));
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void capability(JsonGenerator g, String type, List<String> produces, List<String> sbomTypes)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeArrayFieldStart("consumes_mime_types");
        for (String t : HarborMediaTypes.CONSUMED) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("produces_mime_types");
        for (String t : produces) {
            g.writeString(t);
        }
        g.writeEndArray();
        if (sbomTypes != null) {
            g.writeObjectFieldStart("additional_attributes");
            g.writeArrayFieldStart("sbom_media_types");
            for (String t : sbomTypes) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
