package dev.imagescan.inventory;


/**
 * A package as an analyzer read it from a package database, before the scan adds its package URL and layer.
 *
 * @param version       the full native version: dpkg {@code [epoch:]upstream[-revision]}, apk {@code 1.2.3-r0},
 *                      rpm {@code [epoch:]version-release}
 * @param arch          architecture as the database says ({@code amd64}, {@code x86_64}, {@code all}, {@code noarch});
 *                      null when it says none
 * @param sourceName    the source package (dpkg Source, apk origin, rpm SOURCERPM name); the package name when absent
 * @param sourceVersion the source package's version
 * @param rpm           rpm's separate fields, null for other types
 */
public record InstalledPackage(PackageType type, String name, String version, String arch, String sourceName,
        String sourceVersion, RpmFields rpm) {

    /** The parts of an rpm package's identity the other types do not have. */
    public record RpmFields(Long epoch, String version, String release, String vendor, String modularityLabel) {}

    /** The identity used to follow a package through the layers: same type, name, arch and version. */
    public String key() {
        return type + "\u0000" + name + "\u0000" + arch + "\u0000" + version;
    }
}
