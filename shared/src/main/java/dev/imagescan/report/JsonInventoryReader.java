package dev.imagescan.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.analyzer.InstalledPackage;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads back the JSON inventory document {@link JsonInventoryWriter} writes (schema version 1,
 * docs/json-format.md): {@code read(write(inventory))} equals {@code inventory}. A periodic re-scan reads the stored
 * inventory of an image with it instead of reading the image's layers. Uses jackson-jr (no databind: it starts fast).
 * Anything that is not such a document is an {@link IOException} naming what is wrong; the document is at most
 * {@link #MAX_BYTES}.
 */
public final class JsonInventoryReader {
    /** The largest inventory document read. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Reads one inventory document from {@code in} (not closed). */
    public Inventory read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("an inventory document is at most " + MAX_BYTES + " bytes");
        }
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(bytes);
        } catch (IOException e) {
            throw new IOException("not a JSON inventory document: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new IOException("not a JSON inventory document: empty");
        }
        try {
            return inventory(doc);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException("not a valid JSON inventory document (schema version "
                    + JsonInventoryWriter.SCHEMA_VERSION + "): " + e.getMessage(), e);
        }
    }

    private static Inventory inventory(Map<String, Object> doc) {
        Object version = doc.get("schemaVersion");
        if (!(version instanceof Number n) || n.intValue() != JsonInventoryWriter.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion is " + version + ", not "
                    + JsonInventoryWriter.SCHEMA_VERSION);
        }
        Map<String, Object> scanner = object(doc, "scanner");
        List<Package> packages = new ArrayList<>();
        for (Object p : list(doc, "packages")) {
            packages.add(pkg(cast(p)));
        }
        return new Inventory(image(object(doc, "image")), os(object(doc, "os")), packages, strings(doc, "warnings"),
                strings(scanner, "analyzers"));
    }

    private static ImageSummary image(Map<String, Object> image) {
        List<ImageSummary.Layer> layers = new ArrayList<>();
        for (Object o : list(image, "layers")) {
            Map<String, Object> l = cast(o);
            layers.add(new ImageSummary.Layer(number(l, "index").intValue(), string(l, "diffId"), string(l, "digest"),
                    string(l, "mediaType"), number(l, "size").longValue()));
        }
        return new ImageSummary(string(image, "name"), string(image, "format"), string(image, "platform"),
                string(image, "manifestDigest"), string(image, "configDigest"), strings(image, "tags"), layers);
    }

    private static OperatingSystem os(Map<String, Object> os) {
        return new OperatingSystem(string(os, "family"), string(os, "version"), string(os, "name"),
                (Boolean) required(os, "distroless"), string(os, "source"));
    }

    private static Package pkg(Map<String, Object> p) {
        Map<String, Object> source = object(p, "source");
        Map<String, Object> layer = cast(p.get("layer"));
        Map<String, Object> rpm = cast(p.get("rpm"));
        return new Package(type(string(p, "type")), string(p, "name"), string(p, "version"), string(p, "arch"),
                new SourcePackage(string(source, "name"), string(source, "version")), string(p, "purl"),
                layer == null ? null : new LayerRef(number(layer, "index").intValue(), string(layer, "diffId")),
                rpm == null ? null : new InstalledPackage.RpmFields(
                        rpm.get("epoch") == null ? null : number(rpm, "epoch").longValue(), string(rpm, "version"),
                        string(rpm, "release"), string(rpm, "vendor"), string(rpm, "modularityLabel")));
    }

    private static PackageType type(String purlType) {
        for (PackageType t : PackageType.values()) {
            if (t.purlType().equals(purlType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown package type '" + purlType + "'");
    }

    private static Object required(Map<String, Object> m, String field) {
        if (!m.containsKey(field)) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return m.get(field);
    }

    private static Map<String, Object> object(Map<String, Object> m, String field) {
        Map<String, Object> o = cast(required(m, field));
        if (o == null) {
            throw new IllegalArgumentException("field '" + field + "' is null");
        }
        return o;
    }

    private static List<?> list(Map<String, Object> m, String field) {
        Object o = required(m, field);
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("field '" + field + "' is not an array");
        }
        return l;
    }

    private static List<String> strings(Map<String, Object> m, String field) {
        List<String> out = new ArrayList<>();
        for (Object o : list(m, field)) {
            out.add((String) o);
        }
        return out;
    }

    private static String string(Map<String, Object> m, String field) {
        return (String) required(m, field);
    }

    private static Number number(Map<String, Object> m, String field) {
        Object o = required(m, field);
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("field '" + field + "' is not a number");
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        if (o != null && !(o instanceof Map)) {
            throw new IllegalArgumentException("expected an object, found " + o.getClass().getSimpleName());
        }
        return (Map<String, Object>) o;
    }
}
