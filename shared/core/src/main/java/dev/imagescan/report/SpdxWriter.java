package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.imagescan.common.ScannerVersion;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes an SPDX 2.3 JSON document of an inventory: the image as a {@code CONTAINER} package (its {@code pkg:oci}
 * purl when its manifest digest and repository are known), the operating system as an {@code OPERATING_SYSTEM}
 * package, and one {@code LIBRARY} package per OS and application package with its version, its purl as a
 * {@code PACKAGE-MANAGER} external reference, its supplier (the rpm vendor; {@code NOASSERTION} when the inventory
 * does not say), its SHA-1 where the inventory has one (Java archives) and, for an application package, the file its
 * identity was read from as {@code packageFileName} and {@code sourceInfo}. The document {@code DESCRIBES} the image
 * and the image {@code CONTAINS} the operating system and every package. What SPDX 2.3 has no field for (source
 * package, arch, introducing layer, rpm epoch and release) goes into {@code OTHER} annotations named like the
 * CycloneDX writer's properties ({@code imagescan:layer:diff_id: sha256:…}). The inventory holds no licences, so both
 * licence fields are {@code NOASSERTION}.
 *
 * <p>Written with jackson-core's generator rather than the SPDX project's java-spdx-library: that library with its
 * JSON store and their dependencies weighs about 8.6 MB (its licence list alone 4 MB), which the CLI and Lambda jars
 * would carry for one output format. The output is validated against SPDX's JSON schema for 2.3 in the tests.
 * Enumerations are written as that schema spells them ({@code OPERATING_SYSTEM}, {@code PACKAGE-MANAGER}).
 */
public final class SpdxWriter implements InventoryWriter {
    public static final String SPEC_VERSION = "SPDX-2.3";
    /** The media type of an SPDX JSON document. */
    public static final String MEDIA_TYPE = "application/spdx+json";
    /**
     * Where the document namespaces live: the project's home, then {@code /spdx/<digest>/<uuid>}. A namespace is
     * unique per document (SPDX 2.3 section 6.5): the image's digest says what it describes, the UUID which document.
     */
    public static final String NAMESPACE_BASE = "https://github.com/imagescan/imagescan/spdx/";
    static final String DOCUMENT_ID = "SPDXRef-DOCUMENT";
    static final String IMAGE_ID = "SPDXRef-Image";
    static final String OS_ID = "SPDXRef-OperatingSystem";
    private static final String NOASSERTION = "NOASSERTION";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Clock clock;

    public SpdxWriter() {
        this(Clock.systemUTC());
    }

    /** A writer that dates its documents by {@code clock}. */
    public SpdxWriter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void write(Inventory inventory, OutputStream out) throws IOException {
        String created = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String tool = "Tool: " + ScannerVersion.NAME + "-" + ScannerVersion.version();
        Annotations notes = new Annotations(created, tool);
        ImageSummary image = inventory.image();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("spdxVersion", SPEC_VERSION);
            g.writeStringField("dataLicense", "CC0-1.0");
            g.writeStringField("SPDXID", DOCUMENT_ID);
            g.writeStringField("name", imageName(image));
            g.writeStringField("documentNamespace", namespace(image));
            g.writeObjectFieldStart("creationInfo");
            g.writeArrayFieldStart("creators");
            g.writeString(tool);
            g.writeEndArray();
            g.writeStringField("created", created);
            g.writeEndObject();

            List<String> contained = new ArrayList<>();
            g.writeArrayFieldStart("packages");
            image(g, image, notes);
            if (inventory.os().isKnown()) {
                operatingSystem(g, inventory.os(), notes);
                contained.add(OS_ID);
            }
            SpdxElementIds ids = new SpdxElementIds();
            for (Package p : inventory.packages()) {
                String id = ids.of(p);
                pkg(g, p, id, notes);
                contained.add(id);
            }
            g.writeEndArray();

            g.writeArrayFieldStart("relationships");
            relationship(g, DOCUMENT_ID, "DESCRIBES", IMAGE_ID);
            for (String id : contained) {
                relationship(g, IMAGE_ID, "CONTAINS", id);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** The image's name for people: its first tag, else the name it was read by ({@code image} when it has none). */
    static String imageName(ImageSummary image) {
        String name = image.tags().isEmpty() ? image.name() : image.tags().get(0);
        return name == null || name.isBlank() ? "image" : name;
    }

    /** {@code NAMESPACE_BASE + "sha256-<hex>/<uuid>"}: the manifest digest, else the config digest (the image ID). */
    static String namespace(ImageSummary image) {
        String digest = image.manifestDigest() != null ? image.manifestDigest() : image.configDigest();
        String what = digest == null ? "unidentified" : digest.replace(':', '-');
        return NAMESPACE_BASE + what + "/" + UUID.randomUUID();
    }

    private static void image(JsonGenerator g, ImageSummary image, Annotations notes) throws IOException {
        g.writeStartObject();
        g.writeStringField("SPDXID", IMAGE_ID);
        g.writeStringField("name", imageName(image));
        String version = image.manifestDigest() != null ? image.manifestDigest() : image.configDigest();
        if (version != null) {
            g.writeStringField("versionInfo", version);
        }
        g.writeStringField("supplier", NOASSERTION);
        g.writeStringField("downloadLocation", NOASSERTION);
        g.writeBooleanField("filesAnalyzed", false);
        String purl = ociPurl(image);
        if (purl != null) {
            externalPurl(g, purl);
        }
        g.writeStringField("primaryPackagePurpose", "CONTAINER");
        List<String[]> a = new ArrayList<>();
        note(a, "image:config_digest", image.configDigest());
        note(a, "image:manifest_digest", image.manifestDigest());
        note(a, "image:platform", image.platform());
        note(a, "image:format", image.format());
        note(a, "image:reference", image.reference());
        for (ImageSummary.Layer l : image.layers()) {
            note(a, "image:layer_diff_id", l.diffId());
        }
        notes.write(g, a);
        g.writeEndObject();
    }

    private static void operatingSystem(JsonGenerator g, OperatingSystem os, Annotations notes) throws IOException {
        g.writeStartObject();
        g.writeStringField("SPDXID", OS_ID);
        g.writeStringField("name", os.family());
        if (os.version() != null) {
            g.writeStringField("versionInfo", os.version());
        }
        g.writeStringField("supplier", NOASSERTION);
        g.writeStringField("downloadLocation", NOASSERTION);
        g.writeBooleanField("filesAnalyzed", false);
        if (os.name() != null) {
            g.writeStringField("description", os.name());
        }
        g.writeStringField("primaryPackagePurpose", "OPERATING_SYSTEM");
        List<String[]> a = new ArrayList<>();
        note(a, "os:source", os.source());
        if (os.distroless()) {
            note(a, "os:distroless", "true");
        }
        notes.write(g, a);
        g.writeEndObject();
    }

    private static void pkg(JsonGenerator g, Package p, String id, Annotations notes) throws IOException {
        g.writeStartObject();
        g.writeStringField("SPDXID", id);
        g.writeStringField("name", p.name());
        g.writeStringField("versionInfo", p.version());
        AppLocation app = p.app();
        if (app != null) {
            g.writeStringField("packageFileName", "/" + app.path());
        }
        String vendor = p.rpm() == null ? null : p.rpm().vendor();
        g.writeStringField("supplier", vendor == null || vendor.isBlank() ? NOASSERTION
                : "Organization: " + vendor.strip());
        g.writeStringField("downloadLocation", NOASSERTION);
        g.writeBooleanField("filesAnalyzed", false);
        if (app != null && (app.sha1() != null || app.sha256() != null)) { // of packageFileName, the file read
            g.writeArrayFieldStart("checksums");
            checksum(g, "SHA1", app.sha1());
            checksum(g, "SHA256", app.sha256());
            g.writeEndArray();
        }
        if (app != null) {
            g.writeStringField("sourceInfo", sourceInfo(app));
        }
        g.writeStringField("licenseConcluded", NOASSERTION);
        g.writeStringField("licenseDeclared", NOASSERTION);
        if (p.purl() != null) {
            externalPurl(g, p.purl());
        }
        g.writeStringField("primaryPackagePurpose", "LIBRARY");
        List<String[]> a = new ArrayList<>();
        note(a, "package:type", p.type().purlType());
        note(a, "package:arch", p.arch());
        if (p.source() != null) {
            note(a, "source:name", p.source().name());
            note(a, "source:version", p.source().version());
        }
        if (p.layer() != null) {
            if (p.layer().hasIndex()) {
                note(a, "layer:index", Integer.toString(p.layer().index()));
            }
            note(a, "layer:diff_id", p.layer().diffId());
        }
        if (p.rpm() != null) {
            note(a, "rpm:epoch", p.rpm().epoch() == null ? null : p.rpm().epoch().toString());
            note(a, "rpm:release", p.rpm().release());
            note(a, "rpm:modularity_label", p.rpm().modularityLabel());
        }
        if (app != null) {
            note(a, "app:application", "/" + app.application());
            note(a, "app:evidence", app.evidence());
            note(a, "app:confidence", app.confidence());
        }
        notes.write(g, a);
        g.writeEndObject();
    }

    /** One {@code checksums} entry, when {@code value} is known. */
    private static void checksum(JsonGenerator g, String algorithm, String value) throws IOException {
        if (value != null) {
            g.writeStartObject();
            g.writeStringField("algorithm", algorithm);
            g.writeStringField("checksumValue", value.toLowerCase(Locale.ROOT));
            g.writeEndObject();
        }
    }

    /** {@code found at /app/lib/x.jar in the application /app/app.jar (from pom.properties)}. */
    static String sourceInfo(AppLocation app) {
        StringBuilder s = new StringBuilder("found at /").append(app.path())
                .append(" in the application /").append(app.application());
        if (app.evidence() != null) {
            s.append(" (from ").append(app.evidence()).append(')');
        }
        return s.toString();
    }

    /**
     * {@code pkg:oci/<name>@<manifest digest>?repository_url=<registry/repository>&tag=<tag>} as the purl spec
     * defines for OCI images; null without a manifest digest (a docker-archive, an SBOM that names none) or without a
     * repository (an archive with no tag: its file name is no repository name).
     */
    static String ociPurl(ImageSummary image) {
        if (image.manifestDigest() == null) {
            return null;
        }
        String repository = image.repository();
        String tag = null;
        if (!image.tags().isEmpty()) {
            String first = image.tags().get(0);
            int colon = first.lastIndexOf(':');
            if (colon > first.lastIndexOf('/')) {
                tag = first.substring(colon + 1);
                if (repository == null) {
                    repository = first.substring(0, colon);
                }
            }
        }
        if (repository == null) {
            return null;
        }
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("oci")
                    .withName(name.toLowerCase(Locale.ROOT)).withVersion(image.manifestDigest())
                    .withQualifier("repository_url", repository);
            if (tag != null) {
                b.withQualifier("tag", tag);
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    private static void externalPurl(JsonGenerator g, String purl) throws IOException {
        g.writeArrayFieldStart("externalRefs");
        g.writeStartObject();
        g.writeStringField("referenceCategory", "PACKAGE-MANAGER");
        g.writeStringField("referenceType", "purl");
        g.writeStringField("referenceLocator", purl);
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void relationship(JsonGenerator g, String from, String type, String to) throws IOException {
        g.writeStartObject();
        g.writeStringField("spdxElementId", from);
        g.writeStringField("relationshipType", type);
        g.writeStringField("relatedSpdxElement", to);
        g.writeEndObject();
    }

    private static void note(List<String[]> notes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            notes.add(new String[] {CycloneDxWriter.PREFIX + name, value});
        }
    }

    /** The {@code OTHER} annotations of one element, all dated and signed as the document is. */
    private record Annotations(String date, String annotator) {
        void write(JsonGenerator g, List<String[]> notes) throws IOException {
            if (notes.isEmpty()) {
                return;
            }
            g.writeArrayFieldStart("annotations");
            for (String[] n : notes) {
                g.writeStartObject();
                g.writeStringField("annotationDate", date);
                g.writeStringField("annotationType", "OTHER");
                g.writeStringField("annotator", annotator);
                g.writeStringField("comment", n[0] + ": " + n[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
