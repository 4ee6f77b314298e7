package dev.imagescan.distro;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.PackageType;

/**
 * Package URLs for OS packages, as other tools (Trivy, Syft, Grype) write them:
 * {@code pkg:deb/debian/<name>@<version>?arch=amd64&distro=debian-12.7},
 * {@code pkg:apk/alpine/<name>@<version>?arch=x86_64&distro=3.20.3},
 * {@code pkg:rpm/redhat/<name>@<version>-<release>?arch=x86_64&distro=rhel-8.9&epoch=1}.
 * The namespace is the family's ({@link Distribution#purlNamespace}), or the os-release ID for a family the registry
 * does not know or a package not of its type; with an unknown distribution there is no namespace and no distro
 * qualifier. The qualifier is {@code <id>-<version>}, a bare version for apk packages.
 */
public final class PackageUrls {
    private PackageUrls() {}

    /** The package URL of {@code p} installed on {@code os}. */
    public static String of(InstalledPackage p, OperatingSystem os) {
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL()
                    .withType(p.type().purlType())
                    .withName(p.name());
            String namespace = namespace(p, os);
            if (namespace != null) {
                b.withNamespace(namespace);
            }
            if (p.rpm() != null) {
                b.withVersion(p.rpm().version() + "-" + p.rpm().release());
                if (p.rpm().epoch() != null && p.rpm().epoch() != 0) {
                    b.withQualifier("epoch", Long.toString(p.rpm().epoch()));
                }
            } else {
                b.withVersion(p.version());
            }
            if (p.arch() != null && !p.arch().isEmpty()) {
                b.withQualifier("arch", p.arch());
            }
            String distro = distro(p, os);
            if (distro != null) {
                b.withQualifier("distro", distro);
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("cannot make a package URL for " + p.name() + ": " + e.getMessage(), e);
        }
    }

    private static String namespace(InstalledPackage p, OperatingSystem os) {
        if (!os.isKnown()) {
            return null;
        }
        return Distributions.forPackage(os, p.type()).map(d -> d.purlNamespace(os.family())).orElse(os.family());
    }

    private static String distro(InstalledPackage p, OperatingSystem os) {
        if (!os.isKnown() || os.version() == null) {
            return null;
        }
        return p.type() == PackageType.APK ? os.version() : os.family() + "-" + os.version();
    }
}
