package dev.imagescan.report;

import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the JSON inventory document {@link JsonInventoryWriter} writes (schema version 1,
 * docs/json-format.md): {@code read(write(inventory))} equals {@code inventory}. A periodic re-scan reads the stored
 * inventory of an image with it instead of reading the image's layers. Uses jackson-jr (no databind: it starts fast).
 * Anything that is not such a document is an {@link IOException} naming what is wrong and where; the document is at
 * most {@link #MAX_BYTES}.
 */
public final class JsonInventoryReader {
    /** The largest inventory document read. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Reads one inventory document from {@code in} (not closed). */
    public Inventory read(InputStream in) throws IOException {
        JsonObject doc = JsonObject.parse(in, MAX_BYTES, "inventory");
        try {
            return inventory(doc);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid JSON inventory document (schema version "
                    + JsonInventoryWriter.SCHEMA_VERSION + "): " + e.getMessage(), e);
        }
    }

    private static Inventory inventory(JsonObject doc) {
        schemaVersion(doc, JsonInventoryWriter.SCHEMA_VERSION);
        JsonObject scanner = doc.object("scanner");
        List<Package> packages = new ArrayList<>();
        for (JsonObject p : doc.objects("packages")) {
            packages.add(pkg(p));
        }
        return new Inventory(image(doc.object("image")), os(doc.object("os")), packages, doc.strings("warnings"),
                scanner.strings("analyzers"));
    }

    /** Checks the document's {@code schemaVersion} is {@code version}. */
    static void schemaVersion(JsonObject doc, int version) {
        Object v = doc.value("schemaVersion");
        if (!(v instanceof Integer n) || n != version) {
            throw new IllegalArgumentException("schemaVersion is " + (v instanceof String ? "\"" + v + "\"" : v)
                    + ", not " + version);
        }
    }

    private static ImageSummary image(JsonObject image) {
        List<ImageSummary.Layer> layers = new ArrayList<>();
        for (JsonObject l : image.objects("layers")) {
            layers.add(new ImageSummary.Layer(l.intValue("index"), l.string("diffId"), l.string("digest"),
                    l.string("mediaType"), l.longValue("size")));
        }
        return new ImageSummary(image.string("name"), image.string("format"), image.string("platform"),
                image.string("manifestDigest"), image.string("configDigest"), image.strings("tags"), layers,
                image.optionalString("reference"), image.optionalString("repository"));
    }

    private static OperatingSystem os(JsonObject os) {
        return new OperatingSystem(os.requiredString("family"), os.string("version"), os.string("name"),
                os.bool("distroless"), os.string("source"), os.has("extendedSupport") && os.bool("extendedSupport"),
                os.has("contentSets") ? os.strings("contentSets") : List.of(), contentSetsByLayer(os));
    }

    private static List<LayerContentSets> contentSetsByLayer(JsonObject os) {
        List<LayerContentSets> layers = new ArrayList<>();
        if (os.has("contentSetsByLayer")) {
            for (JsonObject l : os.objects("contentSetsByLayer")) {
                layers.add(new LayerContentSets(l.intValue("layer"), l.strings("contentSets")));
            }
        }
        return layers;
    }

    /**
     * A package object of the inventory document; the report document writes its packages the same way, with
     * {@code rpm} left out for other types.
     */
    static Package pkg(JsonObject p) {
        JsonObject source = p.object("source");
        JsonObject layer = p.optionalObject("layer");
        JsonObject rpm = p.optionalObject("rpm");
        JsonObject app = p.optionalObject("app");
        return new Package(type(p, "type"), p.requiredString("name"), p.requiredString("version"), p.string("arch"),
                new SourcePackage(source.string("name"), source.string("version")), p.string("purl"),
                layer == null ? null : new LayerRef(layer.intValue("index"), layer.string("diffId")),
                rpm == null ? null : new InstalledPackage.RpmFields(rpm.optionalLong("epoch"), rpm.string("version"),
                        rpm.string("release"), rpm.string("vendor"), rpm.string("modularityLabel")),
                app == null ? null : new AppLocation(app.requiredString("path"), app.requiredString("application"),
                        app.string("evidence"), app.string("confidence"), app.string("sha1"), p.string("purl"),
                        app.optionalString("sha256")));
    }

    private static PackageType type(JsonObject p, String field) {
        String purlType = p.requiredString(field);
        for (PackageType t : PackageType.values()) {
            if (t.purlType().equals(purlType)) {
                return t;
            }
        }
        throw p.bad(field, "unknown package type '" + purlType + "'");
    }
}
