package dev.imagescan.match;

import dev.imagescan.inventory.OperatingSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which OSV ecosystems hold the advisories for an image's OS release.
 *
 * <ul>
 *   <li>debian 12.7 → {@code Debian:12}</li>
 *   <li>ubuntu 22.04 → {@code Ubuntu:22.04}, {@code Ubuntu:22.04:LTS} (not the {@code Ubuntu:Pro:...} ones, which
 *       cover ESM packages a plain image does not have)</li>
 *   <li>alpine 3.20.3 → {@code Alpine:v3.20}</li>
 *   <li>rhel and centos 9.x → every {@code Red Hat:enterprise_linux:9...} ecosystem (baseos, appstream, crb, ...);
 *       CentOS is rebuilt from RHEL sources with the same versions, as Trivy and Grype also treat it</li>
 *   <li>rocky 9.3 → {@code Rocky Linux:9}; almalinux 9.4 → {@code AlmaLinux:9}</li>
 * </ul>
 * Other families (Oracle Linux, Amazon Linux, Fedora, SUSE, ...) have no OSV ecosystem that is read here yet.
 */
public final class Ecosystems {
    private Ecosystems() {}

    /**
     * What an OS release asks of the database.
     *
     * @param label     the ecosystem as a person would look for it ({@code Debian:12}); null when the OS has none
     * @param family    the OS family the label belongs to
     * @param release   the release part ({@code 12}, {@code 3.20}, {@code 22.04}, {@code 9})
     */
    public record Wanted(String label, String family, String release) {
        /** The ecosystems of the database that carry this release's advisories. */
        public List<String> in(Set<String> available) {
            List<String> found = new ArrayList<>();
            for (String e : available) {
                if (applies(e)) {
                    found.add(e);
                }
            }
            found.sort(null);
            return found;
        }

        boolean applies(String ecosystem) {
            String[] parts = ecosystem.split(":", -1);
            return switch (family) {
                case "ubuntu" -> parts.length >= 2 && parts[0].equals("Ubuntu") && parts[1].equals(release);
                case "rhel" -> parts.length >= 3 && parts[0].equals("Red Hat") && parts[1].equals("enterprise_linux")
                        && parts[2].equals(release);
                default -> ecosystem.equals(label);
            };
        }
    }

    /** The ecosystems an OS release's advisories live in; empty for an unknown or unsupported OS. */
    public static Optional<Wanted> forOs(OperatingSystem os) {
        if (os == null || !os.isKnown() || os.version() == null || os.version().isBlank()) {
            return Optional.empty();
        }
        String v = os.version().trim();
        return switch (os.family().toLowerCase(Locale.ROOT)) {
            case "debian" -> numeric(major(v)).map(m -> new Wanted("Debian:" + m, "debian", m));
            case "ubuntu" -> Optional.of(majorMinor(v)).filter(s -> s.contains("."))
                    .map(r -> new Wanted("Ubuntu:" + r, "ubuntu", r));
            case "alpine" -> Optional.of(majorMinor(v)).filter(s -> s.contains("."))
                    .map(r -> new Wanted("Alpine:v" + r, "alpine", r));
            case "rhel", "centos" -> numeric(major(v))
                    .map(m -> new Wanted("Red Hat:enterprise_linux:" + m, "rhel", m));
            case "rocky" -> numeric(major(v)).map(m -> new Wanted("Rocky Linux:" + m, "rocky", m));
            case "almalinux" -> numeric(major(v)).map(m -> new Wanted("AlmaLinux:" + m, "almalinux", m));
            default -> Optional.empty();
        };
    }

    private static String major(String v) {
        int dot = v.indexOf('.');
        return dot < 0 ? v : v.substring(0, dot);
    }

    private static String majorMinor(String v) {
        int first = v.indexOf('.');
        if (first < 0) {
            return v;
        }
        int second = v.indexOf('.', first + 1);
        return second < 0 ? v : v.substring(0, second);
    }

    private static Optional<String> numeric(String s) {
        return s.chars().allMatch(Character::isDigit) && !s.isEmpty()
                ? Optional.of(String.valueOf(Integer.parseInt(s)))
                : Optional.empty();
    }
}
