package dev.imagescan.suppress;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A package URL that names packages in an ignore entry or a VEX statement. It matches a package's purl when type,
 * namespace and name are equal, the version too when the pattern has one, and the {@code arch} qualifier when both
 * have it; other qualifiers ({@code distro}, {@code epoch}, ...) are written differently by each tool and are not
 * compared. Names and namespaces compare without case.
 */
record PurlPattern(String type, String namespace, String name, String version, String arch, String text) {

    /** The pattern of {@code purl}, or null when it is not a package URL. */
    static PurlPattern parse(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return null;
        }
        try {
            PackageURL p = new PackageURL(purl);
            Map<String, String> q = p.getQualifiers();
            return new PurlPattern(p.getType(), lower(p.getNamespace()), p.getName().toLowerCase(Locale.ROOT),
                    p.getVersion(), q == null ? null : q.get("arch"), purl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code other} (a package's purl) is a package this pattern names. */
    boolean matches(PurlPattern other) {
        return other != null && type.equals(other.type) && Objects.equals(namespace, other.namespace)
                && name.equals(other.name) && (version == null || version.equals(other.version))
                && (arch == null || other.arch == null || arch.equals(other.arch));
    }

    /** Whether the pattern names an image rather than a package ({@code pkg:oci}, {@code pkg:docker}). */
    boolean isImage() {
        return type.equals("oci") || type.equals("docker");
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
