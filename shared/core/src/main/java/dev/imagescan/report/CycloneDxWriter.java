package dev.imagescan.report;

import dev.imagescan.common.ScannerVersion;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Evidence;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Writes a CycloneDX 1.5 JSON SBOM with cyclonedx-core-java: the image as the metadata component, the operating system
 * as an {@code operating-system} component, and one {@code library} component per package with its purl and, as
 * {@code imagescan:*} properties, its source package and the layer that introduced it. Dependencies say the image
 * contains the OS and the OS contains the packages.
 */
public final class CycloneDxWriter implements InventoryWriter {
    public static final Version SPEC = Version.VERSION_15;
    /** The namespace of this writer's properties ({@code imagescan:source:name} …), which the SBOM reader reads back. */
    public static final String PREFIX = "imagescan:";
    private static final String UNNAMED_IMAGE_REF = "image";

    @Override
    public void write(Inventory inventory, OutputStream out) throws IOException {
        out.write(toJson(inventory).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    public static String toJson(Inventory inventory) throws IOException {
        try {
            return BomGeneratorFactory.createJson(SPEC, toBom(inventory)).toJsonString();
        } catch (GeneratorException e) {
            throw new IOException("cannot write the CycloneDX document: " + e.getMessage(), e);
        }
    }

    static Bom toBom(Inventory inventory) {
        return toBom(inventory, new IdentityHashMap<>());
    }

    /**
     * The SBOM of {@code inventory}; {@code refs} receives the bom-ref given to each of its packages (by identity),
     * for documents that point at them ({@link CycloneDxVexWriter}).
     */
    static Bom toBom(Inventory inventory, Map<Package, String> refs) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        bom.setMetadata(metadata(inventory));

        Component os = operatingSystem(inventory.os());
        List<Component> components = new ArrayList<>();
        components.add(os);
        Dependency osDependency = new Dependency(os.getBomRef());
        Set<String> used = new LinkedHashSet<>();
        for (Package p : inventory.packages()) {
            Component c = component(p);
            String base = p.purl() != null ? p.purl() : p.type().purlType() + ":" + p.name() + "@" + p.version();
            String ref = base;
            for (int n = 2; !used.add(ref); n++) {
                ref = base + "#" + n;
            }
            c.setBomRef(ref);
            refs.put(p, ref);
            components.add(c);
            osDependency.addDependency(new Dependency(ref));
        }
        bom.setComponents(components);
        Dependency image = new Dependency(bom.getMetadata().getComponent().getBomRef());
        image.addDependency(new Dependency(os.getBomRef()));
        List<Dependency> dependencies = new ArrayList<>();
        dependencies.add(image);
        dependencies.add(osDependency);
        for (String ref : used) {
            dependencies.add(new Dependency(ref));
        }
        bom.setDependencies(dependencies);
        return bom;
    }

    private static Metadata metadata(Inventory inventory) {
        Metadata metadata = new Metadata();
        metadata.setTimestamp(new Date());
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName(ScannerVersion.NAME);
        tool.setVersion(ScannerVersion.version());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);

        ImageSummary image = inventory.image();
        Component subject = new Component();
        subject.setType(Component.Type.CONTAINER);
        subject.setName(image.tags().isEmpty() ? image.name() : image.tags().get(0));
        subject.setVersion(image.manifestDigest() != null ? image.manifestDigest() : image.configDigest());
        subject.setBomRef(image.configDigest() != null ? image.configDigest() : UNNAMED_IMAGE_REF);
        List<Property> props = new ArrayList<>();
        add(props, "image:config_digest", image.configDigest());
        add(props, "image:manifest_digest", image.manifestDigest());
        add(props, "image:platform", image.platform());
        add(props, "image:format", image.format());
        for (ImageSummary.Layer l : image.layers()) {
            add(props, "image:layer_diff_id", l.diffId());
        }
        subject.setProperties(props);
        metadata.setComponent(subject);
        return metadata;
    }

    private static Component operatingSystem(OperatingSystem os) {
        Component c = new Component();
        c.setType(Component.Type.OPERATING_SYSTEM);
        c.setName(os.family());
        if (os.version() != null) {
            c.setVersion(os.version());
        }
        c.setBomRef("os:" + os.family() + (os.version() == null ? "" : "@" + os.version()));
        List<Property> props = new ArrayList<>();
        add(props, "os:name", os.name());
        add(props, "os:source", os.source());
        if (os.distroless()) {
            add(props, "os:distroless", "true");
        }
        if (!props.isEmpty()) {
            c.setProperties(props);
        }
        return c;
    }

    private static Component component(Package p) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(p.name());
        c.setVersion(p.version());
        c.setPurl(p.purl());
        List<Property> props = new ArrayList<>();
        add(props, "package:type", p.type().purlType());
        add(props, "package:arch", p.arch());
        add(props, "source:name", p.source().name());
        add(props, "source:version", p.source().version());
        if (p.layer() != null) {
            if (p.layer().hasIndex()) {
                add(props, "layer:index", Integer.toString(p.layer().index()));
            }
            add(props, "layer:diff_id", p.layer().diffId());
        }
        if (p.rpm() != null) {
            add(props, "rpm:epoch", p.rpm().epoch() == null ? null : p.rpm().epoch().toString());
            add(props, "rpm:release", p.rpm().release());
            add(props, "rpm:vendor", p.rpm().vendor());
            add(props, "rpm:modularity_label", p.rpm().modularityLabel());
        }
        if (p.app() != null) {
            application(c, p.app(), props);
        }
        c.setProperties(props);
        return c;
    }

    /**
     * An application package's place: its path as the evidence occurrence (inside an archive after {@code !/}),
     * the hashes of the file it was read from (a Java archive's SHA-1; the SHA-256 of the archive, binary or metadata
     * file, with {@code imagescan:app:hashes-of} naming that file), the application, evidence and confidence as
     * properties.
     */
    private static void application(Component c, AppLocation app, List<Property> props) {
        Occurrence where = new Occurrence();
        where.setLocation("/" + app.path());
        Evidence evidence = new Evidence();
        evidence.addOccurrence(where);
        c.setEvidence(evidence);
        List<Hash> hashes = new ArrayList<>();
        if (app.sha1() != null) {
            hashes.add(new Hash(Hash.Algorithm.SHA1, app.sha1()));
        }
        if (app.sha256() != null) {
            hashes.add(new Hash(Hash.Algorithm.SHA_256, app.sha256()));
        }
        if (!hashes.isEmpty()) {
            c.setHashes(hashes);
            add(props, "app:hashes-of", "/" + app.path());
        }
        add(props, "app:application", "/" + app.application());
        add(props, "app:evidence", app.evidence());
        add(props, "app:confidence", app.confidence());
    }

    private static void add(List<Property> props, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        Property p = new Property();
        p.setName(PREFIX + name);
        p.setValue(value);
        props.add(p);
    }
}
