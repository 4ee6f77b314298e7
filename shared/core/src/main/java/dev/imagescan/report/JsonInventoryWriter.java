package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the scanner's JSON inventory document, schema version 1 (described in docs/json-format.md and
 * docs/schemas/inventory-v1.schema.json). Fields are only ever added within a schema version, never renamed or
 * removed; absent values are {@code null}. Streams with jackson-core's generator, so the field order is fixed.
 */
public final class JsonInventoryWriter implements InventoryWriter {
    public static final int SCHEMA_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(Inventory inventory, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            JsonFields.scanner(g, inventory.analyzers());
            image(g, inventory.image());
            os(g, inventory.os());
            g.writeArrayFieldStart("packages");
            for (Package p : inventory.packages()) {
                pkg(g, p);
            }
            g.writeEndArray();
            JsonFields.strings(g, "warnings", inventory.warnings());
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void image(JsonGenerator g, ImageSummary image) throws IOException {
        g.writeObjectFieldStart("image");
        g.writeStringField("name", image.name());
        g.writeStringField("format", image.format());
        g.writeStringField("platform", image.platform());
        g.writeStringField("manifestDigest", image.manifestDigest());
        g.writeStringField("configDigest", image.configDigest());
        JsonFields.strings(g, "tags", image.tags());
        if (image.reference() != null) {
            g.writeStringField("reference", image.reference());
            g.writeStringField("repository", image.repository());
        }
        g.writeArrayFieldStart("layers");
        for (ImageSummary.Layer l : image.layers()) {
            g.writeStartObject();
            g.writeNumberField("index", l.index());
            g.writeStringField("diffId", l.diffId());
            g.writeStringField("digest", l.digest());
            g.writeStringField("mediaType", l.mediaType());
            g.writeNumberField("size", l.size());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void os(JsonGenerator g, OperatingSystem os) throws IOException {
        g.writeObjectFieldStart("os");
        g.writeStringField("family", os.family());
        g.writeStringField("version", os.version());
        g.writeStringField("name", os.name());
        g.writeBooleanField("distroless", os.distroless());
        g.writeStringField("source", os.source());
        if (os.extendedSupport()) {
            g.writeBooleanField("extendedSupport", true); // written only when true: older documents stay as they were
        }
        if (!os.contentSets().isEmpty()) {
            JsonFields.strings(g, "contentSets", os.contentSets());
        }
        if (!os.contentSetsByLayer().isEmpty()) {
            g.writeArrayFieldStart("contentSetsByLayer");
            for (LayerContentSets l : os.contentSetsByLayer()) {
                g.writeStartObject();
                g.writeNumberField("layer", l.layer());
                JsonFields.strings(g, "contentSets", l.contentSets());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** One package object; the report document's {@code installed} packages are these too. */
    static void pkg(JsonGenerator g, Package p) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", p.type().purlType());
        g.writeStringField("name", p.name());
        g.writeStringField("version", p.version());
        g.writeStringField("arch", p.arch());
        g.writeObjectFieldStart("source");
        g.writeStringField("name", p.source().name());
        g.writeStringField("version", p.source().version());
        g.writeEndObject();
        g.writeStringField("purl", p.purl());
        if (p.layer() == null) {
            g.writeNullField("layer");
        } else {
            g.writeObjectFieldStart("layer");
            g.writeNumberField("index", p.layer().index());
            g.writeStringField("diffId", p.layer().diffId());
            g.writeEndObject();
        }
        if (p.rpm() != null) {
            rpm(g, p.rpm());
        }
        if (p.app() != null) {
            app(g, p.app());
        }
        g.writeEndObject();
    }

    /** {@code "app": {"path", "application", "evidence", "confidence", "sha1", "sha256"}} of an application package. */
    static void app(JsonGenerator g, AppLocation app) throws IOException {
        g.writeObjectFieldStart("app");
        g.writeStringField("path", app.path());
        g.writeStringField("application", app.application());
        g.writeStringField("evidence", app.evidence());
        g.writeStringField("confidence", app.confidence());
        g.writeStringField("sha1", app.sha1());
        if (app.sha256() != null) {
            g.writeStringField("sha256", app.sha256());
        }
        g.writeEndObject();
    }

    /** {@code "rpm": {"epoch", "version", "release", "vendor", "modularityLabel"}}. */
    static void rpm(JsonGenerator g, InstalledPackage.RpmFields rpm) throws IOException {
        g.writeObjectFieldStart("rpm");
        if (rpm.epoch() == null) {
            g.writeNullField("epoch");
        } else {
            g.writeNumberField("epoch", rpm.epoch());
        }
        g.writeStringField("version", rpm.version());
        g.writeStringField("release", rpm.release());
        g.writeStringField("vendor", rpm.vendor());
        g.writeStringField("modularityLabel", rpm.modularityLabel());
        g.writeEndObject();
    }
}
