package dev.imagescan.match;

import java.util.Locale;

/**
 * Oracle Linux's package flavors and architectures: ksplice-based ({@code 2:1.1.1g-15.ksplice1.el8_3}) and FIPS
 * ({@code …_fips}) builds are fixed by their own errata, which the Oracle importer puts in the ecosystems
 * {@code Oracle Linux:<release>:ksplice} and {@code :fips}; per-architecture fixes get {@code :<arch>} after that. An
 * installed package is compared only with the entries of its own flavor, as Trivy does (a normal build never with a
 * ksplice fix, a ksplice build never with a normal one), and of its own architecture when the entry names one.
 * Amazon Linux's ALAS put a package under {@code Amazon Linux:<release>:<arch>} when its fixed version differs by
 * architecture: such an entry is compared only with installed packages of that architecture.
 */
final class PackageFlavors {
    private PackageFlavors() {}

    private static final String ORACLE = "Oracle Linux:";
    private static final String AMAZON = "Amazon Linux:";

    /** Whether advisories of {@code ecosystem} apply to an installed package of {@code version} and {@code arch}. */
    static boolean applies(String ecosystem, String version, String arch) {
        if (ecosystem.startsWith(AMAZON)) { // Amazon Linux:<release>[:<arch>]
            int colon = ecosystem.indexOf(':', AMAZON.length());
            return colon < 0 || ecosystem.substring(colon + 1).equals(arch);
        }
        if (!ecosystem.startsWith(ORACLE)) {
            return true;
        }
        String[] parts = ecosystem.substring(ORACLE.length()).split(":", -1); // release[:flavor][:arch]
        String flavor = "";
        String entryArch = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("ksplice") || parts[i].equals("fips")) {
                flavor = parts[i];
            } else {
                entryArch = parts[i];
            }
        }
        return flavor.equals(flavorOfVersion(version)) && (entryArch == null || entryArch.equals(arch));
    }

    /** The flavor of an Oracle Linux package version; "" for a normal one (and every other distribution's). */
    static String flavorOfVersion(String version) {
        String v = version.toLowerCase(Locale.ROOT);
        return v.contains(".ksplice") ? "ksplice" : v.contains("_fips") ? "fips" : "";
    }
}
