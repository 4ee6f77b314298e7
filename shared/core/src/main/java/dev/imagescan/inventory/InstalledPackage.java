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
 * @param app           where an application package was found; null for OS packages
 */
public record InstalledPackage(PackageType type, String name, String version, String arch, String sourceName,
        String sourceVersion, RpmFields rpm, AppLocation app) {

    /** An OS package (no application location). */
    public InstalledPackage(PackageType type, String name, String version, String arch, String sourceName,
            String sourceVersion, RpmFields rpm) {
        this(type, name, version, arch, sourceName, sourceVersion, rpm, null);
    }

    /** An application package of a language ecosystem, found at {@code app}. */
    public static InstalledPackage application(PackageType type, String name, String version, AppLocation app) {
        return new InstalledPackage(type, name, version, null, name, version, null, app);
    }

    /** The parts of an rpm package's identity the other types do not have. */
    public record RpmFields(Long epoch, String version, String release, String vendor, String modularityLabel) {}

    /**
     * The identity used to follow a package through the layers: same type, name, arch and version (and, for an
     * application package, the same path: two copies of a library are two packages).
     */
    public String key() {
        String key = type + "\u0000" + name + "\u0000" + arch + "\u0000" + version;
        return app == null ? key : key + "\u0000" + app.path();
    }
}
