package dev.imagescan.sbom;

import dev.imagescan.distro.Distributions;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distribution names as SBOM tools write them, mapped to os-release IDs (the values of
 * {@link dev.imagescan.inventory.OperatingSystem#family()}): Trivy's family names ({@code redhat}, {@code alma},
 * {@code amazon}, {@code oracle}, {@code cbl-mariner} …), purl namespaces, and purl {@code distro} qualifiers
 * ({@code debian-12}, {@code alpine-3.20.3}, {@code 3.20.3}, {@code bookworm}, {@code amazon-2 (Karoo)}). The names
 * and code names are the families' own ({@link Distributions}); a name no family has stands for itself.
 */
final class Distros {
    /** A family (os-release ID, null when unknown) and a version (null when unknown). */
    record Distro(String family, String version) {}

    /** {@code name-1.2…}: the name is everything before the first {@code -} that a digit follows. */
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d.*)");
    private static final Pattern VERSION = Pattern.compile("\\d.*");

    private Distros() {}

    /** The os-release ID for a distribution name or purl namespace; null for a blank one. */
    static String family(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        return Distributions.idForName(key).orElse(key);
    }

    /** A version without the code name some tools append ({@code 2 (Karoo)} gives {@code 2}); null for a blank one. */
    static String version(String version) {
        if (version == null) {
            return null;
        }
        String v = version.trim();
        int space = v.indexOf(' ');
        if (space > 0) {
            v = v.substring(0, space);
        }
        return v.isEmpty() ? null : v;
    }

    /**
     * What a package URL says about its distribution: the {@code distro} qualifier when there is one, read with the
     * namespace as the family when the qualifier is a bare version ({@code pkg:apk/alpine/…?distro=3.20.3}); else the
     * namespace alone. Both null when neither says anything.
     */
    static Distro fromPurl(String namespace, String distro) {
        String namespaceFamily = family(namespace);
        String cleaned = version(distro);
        if (cleaned == null) {
            return new Distro(namespaceFamily, null);
        }
        String value = cleaned.toLowerCase(Locale.ROOT);
        if (VERSION.matcher(value).matches()) {
            return new Distro(namespaceFamily, value);
        }
        Distro codename = codename(value);
        if (codename != null) {
            return codename;
        }
        Matcher m = NAME_VERSION.matcher(value);
        if (m.matches()) {
            return new Distro(family(m.group(1)), m.group(2));
        }
        int dash = value.lastIndexOf('-');
        if (dash > 0) {
            Distro named = codename(value.substring(dash + 1));
            String family = family(value.substring(0, dash));
            if (named != null && named.family().equals(family)) {
                return named;
            }
        }
        return new Distro(namespaceFamily != null ? namespaceFamily : family(value), null);
    }

    /** The release a code name ({@code bookworm}) stands for; null for one no family has. */
    private static Distro codename(String name) {
        return Distributions.forCodename(name).map(r -> new Distro(r.id(), r.version())).orElse(null);
    }
}
