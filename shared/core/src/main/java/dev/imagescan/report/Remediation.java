package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.util.List;
import java.util.Objects;

/**
 * The command that installs a fixed version on the image's distribution:
 * {@code apt-get install --only-upgrade <pkg>=<ver>}, {@code apk add --upgrade <pkg>=<ver>},
 * {@code yum update <pkg>-<ver>}.
 */
public final class Remediation {
    private Remediation() {}

    /** One upgrade of one package. */
    public record Step(Package pkg, String toVersion) {}

    /** The command for one package. */
    public static String command(Package pkg, String fixedVersion) {
        return command(List.of(new Step(pkg, fixedVersion)));
    }

    /** One command that performs all the steps (which must be of one package type). */
    public static String command(List<Step> steps) {
        if (steps.isEmpty()) {
            return null;
        }
        PackageType type = steps.get(0).pkg().type();
        StringBuilder s = new StringBuilder(switch (type) {
            case DEB -> "apt-get install --only-upgrade";
            case APK -> "apk add --upgrade";
            case RPM -> "yum update";
        });
        for (Step step : steps) {
            s.append(' ').append(argument(step.pkg(), step.toVersion()));
        }
        return s.toString();
    }

    /**
     * {@code pkg=ver} for apt and apk, {@code pkg-ver} for yum. A Debian fix names a source version; a binary whose
     * own version differs from its source's (a binNMU, say) is named without a version, since no binary of exactly
     * that version may exist.
     */
    static String argument(Package pkg, String version) {
        return switch (pkg.type()) {
            case DEB -> pkg.source() != null && !Objects.equals(pkg.source().version(), pkg.version())
                    ? pkg.name()
                    : pkg.name() + "=" + version;
            case APK -> pkg.name() + "=" + version;
            case RPM -> pkg.name() + "-" + version;
        };
    }
}
