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
}
