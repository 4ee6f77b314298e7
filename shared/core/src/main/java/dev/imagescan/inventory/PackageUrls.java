package dev.imagescan.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import java.util.Map;

/**
 * Package URLs for OS packages, as other tools (Trivy, Syft, Grype) write them:
 * {@code pkg:deb/debian/<name>@<version>?arch=amd64&distro=debian-12.7},
 * {@code pkg:apk/alpine/<name>@<version>?arch=x86_64&distro=3.20.3},
 * {@code pkg:rpm/redhat/<name>@<version>-<release>?arch=x86_64&distro=rhel-8.9&epoch=1}.
 * The namespace is the distribution (rpm uses the vendor-style names redhat, oracle, amazon, suse …); with an unknown
 * distribution there is no namespace and no distro qualifier.
 */
public final class PackageUrls {
    private static final Map<String, String> RPM_NAMESPACES = Map.ofEntries(
            Map.entry("rhel", "redhat"),
            Map.entry("centos", "centos"),
            Map.entry("ol", "oracle"),
            Map.entry("rocky", "rocky"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("amzn", "amazon"),
            Map.entry("fedora", "fedora"),
            Map.entry("opensuse-leap", "opensuse"),
            Map.entry("opensuse-tumbleweed", "opensuse"),
            Map.entry("opensuse", "opensuse"),
            Map.entry("sles", "suse"),
            Map.entry("sled", "suse"),
            Map.entry("sle-micro", "suse"),
            Map.entry("mariner", "mariner"),
            Map.entry("azurelinux", "azurelinux"));

    private PackageUrls() {}

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
        return switch (p.type()) {
            case RPM -> RPM_NAMESPACES.getOrDefault(os.family(), os.family());
            default -> os.family();
        };
    }

    private static String distro(InstalledPackage p, OperatingSystem os) {
        if (!os.isKnown() || os.version() == null) {
            return null;
        }
        return switch (p.type()) {
            case APK -> os.version();
            default -> os.family() + "-" + os.version();
        };
    }
}
