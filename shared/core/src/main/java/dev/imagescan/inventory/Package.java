package dev.imagescan.inventory;

import java.util.Comparator;
import java.util.Objects;

/**
 * An installed package of an image: an OS package, or an application package of a language ecosystem (with its
 * {@link AppLocation}).
 *
 * @param version the full native version (dpkg and rpm with {@code epoch:} when there is one)
 * @param purl    its package URL, e.g. {@code pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.7}
 * @param layer   the layer that brought this exact version in; null when the source does not say (an SBOM without
 *                layer information)
 * @param rpm     rpm's separate epoch/version/release, vendor and modularity label; null for other types
 * @param app     where an application package was found and how; null for OS packages
 */
public record Package(PackageType type, String name, String version, String arch, SourcePackage source, String purl,
        LayerRef layer, InstalledPackage.RpmFields rpm, AppLocation app) {

    /** An OS package (no application location). */
    public Package(PackageType type, String name, String version, String arch, SourcePackage source, String purl,
            LayerRef layer, InstalledPackage.RpmFields rpm) {
        this(type, name, version, arch, source, purl, layer, rpm, null);
    }

    /** The order of {@link Inventory#packages()}: name, arch, version, type. */
    public static final Comparator<Package> ORDER = Comparator.comparing(Package::name)
            .thenComparing(p -> Objects.toString(p.arch(), ""))
            .thenComparing(Package::version)
            .thenComparing(p -> p.type().name())
            .thenComparing(p -> p.app() == null ? "" : p.app().path());

    /**
     * Written out, not the record's generated one: that is bootstrapped through {@code ObjectMethods} on first use,
     * which costs a short CLI run milliseconds (docs/cli.md#fast-start). Every component takes part
     * (RecordMethodsTest checks it).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Package p && type == p.type && Objects.equals(name, p.name)
                && Objects.equals(version, p.version) && Objects.equals(arch, p.arch)
                && Objects.equals(source, p.source) && Objects.equals(purl, p.purl)
                && Objects.equals(layer, p.layer) && Objects.equals(rpm, p.rpm) && Objects.equals(app, p.app);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(type);
        h = 31 * h + Objects.hashCode(name);
        h = 31 * h + Objects.hashCode(version);
        h = 31 * h + Objects.hashCode(arch);
        h = 31 * h + Objects.hashCode(source);
        h = 31 * h + Objects.hashCode(purl);
        h = 31 * h + Objects.hashCode(layer);
        h = 31 * h + Objects.hashCode(rpm);
        return 31 * h + Objects.hashCode(app);
    }
}
