package dev.imagescan.distro;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.util.List;
import java.util.Objects;

/**
 * The package managers that install a fixed version, and the command each takes:
 * {@code apt-get install --only-upgrade <pkg>=<ver>}, {@code apk add --upgrade <pkg>=<ver>},
 * {@code yum update <pkg>-<ver>}. A {@link Distribution} names its own.
 */
public enum PackageManager {
    APT(PackageType.DEB, "apt-get install --only-upgrade"),
    APK(PackageType.APK, "apk add --upgrade"),
    YUM(PackageType.RPM, "yum update");

    private final PackageType packageType;
    private final String upgrade;

    PackageManager(PackageType packageType, String upgrade) {
        this.packageType = packageType;
        this.upgrade = upgrade;
    }

    /** The type of the packages this manager installs. */
    public PackageType packageType() {
        return packageType;
    }

    /** The usual manager of a package type: the one for packages of an OS the registry does not know. */
    public static PackageManager forType(PackageType type) {
        for (PackageManager m : values()) {
            if (m.packageType == type) {
                return m;
            }
        }
        throw new IllegalArgumentException("no package manager for " + type);
    }

    /** The command that upgrades one package to {@code version}. */
    public String command(Package pkg, String version) {
        return command(List.of(argument(pkg, version)));
    }

    /** One command upgrading every package named by {@code arguments} (each an {@link #argument}). */
    public String command(List<String> arguments) {
        return upgrade + " " + String.join(" ", arguments);
    }

    /**
     * {@code pkg=ver} for apt and apk, {@code pkg-ver} for yum. A Debian fix names a source version; a binary whose
     * own version differs from its source's (a binNMU, say) is named without a version, since no binary of exactly
     * that version may exist.
     */
    public String argument(Package pkg, String version) {
        return switch (this) {
            case APT -> pkg.source() != null && !Objects.equals(pkg.source().version(), pkg.version())
                    ? pkg.name()
                    : pkg.name() + "=" + version;
            case APK -> pkg.name() + "=" + version;
            case YUM -> pkg.name() + "-" + version;
        };
    }
}
