package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.ScannerVersion;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the scanner's JSON inventory document, schema version 1 (described in docs/json-format.md and
 * docs/schemas/inventory-v1.schema.json). Fields are only ever added within a schema version, never renamed or
 * removed; absent values are {@code null}.
 */
public final class JsonInventoryWriter implements InventoryWriter {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public void write(Inventory inventory, OutputStream out) throws IOException {
        MAPPER.writeValue(out, toJson(inventory));
        out.write('\n');
    }

    /** The document as a tree. */
    public static ObjectNode toJson(Inventory inventory) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        ObjectNode scanner = root.putObject("scanner");
        scanner.put("name", ScannerVersion.NAME);
        scanner.put("version", ScannerVersion.version());
        ArrayNode analyzers = scanner.putArray("analyzers");
        inventory.analyzers().forEach(analyzers::add);
        root.set("image", image(inventory.image()));
        root.set("os", os(inventory.os()));
        ArrayNode packages = root.putArray("packages");
        for (Package p : inventory.packages()) {
            packages.add(pkg(p));
        }
        ArrayNode warnings = root.putArray("warnings");
        inventory.warnings().forEach(warnings::add);
        return root;
    }

    private static ObjectNode image(ImageSummary image) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", image.name());
        node.put("format", image.format());
        node.put("platform", image.platform());
        node.put("manifestDigest", image.manifestDigest());
        node.put("configDigest", image.configDigest());
        ArrayNode tags = node.putArray("tags");
        image.tags().forEach(tags::add);
        ArrayNode layers = node.putArray("layers");
        for (ImageSummary.Layer l : image.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("index", l.index());
            layer.put("diffId", l.diffId());
            layer.put("digest", l.digest());
            layer.put("mediaType", l.mediaType());
            layer.put("size", l.size());
        }
        return node;
    }

    private static ObjectNode os(OperatingSystem os) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("family", os.family());
        node.put("version", os.version());
        node.put("name", os.name());
        node.put("distroless", os.distroless());
        node.put("source", os.source());
        return node;
    }

    private static ObjectNode pkg(Package p) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", p.type().purlType());
        node.put("name", p.name());
        node.put("version", p.version());
        node.put("arch", p.arch());
        ObjectNode source = node.putObject("source");
        source.put("name", p.source().name());
        source.put("version", p.source().version());
        node.put("purl", p.purl());
        ObjectNode layer = node.putObject("layer");
        layer.put("index", p.layer().index());
        layer.put("diffId", p.layer().diffId());
        if (p.rpm() != null) {
            ObjectNode rpm = node.putObject("rpm");
            if (p.rpm().epoch() == null) {
                rpm.putNull("epoch");
            } else {
                rpm.put("epoch", p.rpm().epoch());
            }
            rpm.put("version", p.rpm().version());
            rpm.put("release", p.rpm().release());
            rpm.put("vendor", p.rpm().vendor());
            rpm.put("modularityLabel", p.rpm().modularityLabel());
        }
        return node;
    }
}
