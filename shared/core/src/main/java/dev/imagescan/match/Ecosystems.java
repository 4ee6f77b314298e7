package dev.imagescan.match;

import dev.imagescan.distro.AdvisoryEcosystem;
import dev.imagescan.distro.Distribution;
import dev.imagescan.distro.Distributions;
import dev.imagescan.inventory.OperatingSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which OSV ecosystems hold the advisories for an image's OS release: the family's
 * {@link Distribution#advisoryEcosystem()} for the release its {@link Distribution#releaseScheme()} gives
 * (debian 12.7 → {@code Debian:12}, alpine 3.20.3 → {@code Alpine:v3.20}, ubuntu 22.04 → {@code Ubuntu:22.04} and
 * the ecosystems under it; sles 15.5 → every {@code SUSE:<product> 15 SP5} one), looked up in the database's list of
 * ecosystems.
 */
public final class Ecosystems {
    private Ecosystems() {}

    /**
     * What an OS release asks of the database.
     *
     * @param label             the ecosystem as a person would look for it ({@code Debian:12})
     * @param withSubEcosystems whether the ecosystems under the label ({@code Ubuntu:22.04:LTS}) count too
     */
    public record Wanted(String label, boolean withSubEcosystems, AdvisoryEcosystem products, String release,
            Function<Set<String>, Optional<List<String>>> chosen) {

        /** The ecosystem {@code label}, and those under it when {@code withSubEcosystems}. */
        public Wanted(String label, boolean withSubEcosystems) {
            this(label, withSubEcosystems, null, null, null);
        }

        /** The release's ecosystems by product ({@code products}), or by label. */
        public Wanted(String label, boolean withSubEcosystems, AdvisoryEcosystem products, String release) {
            this(label, withSubEcosystems, products, release, null);
        }

        /**
         * The ecosystems of the database that carry this release's advisories: those the family chooses
         * ({@link Distribution#chooseEcosystems}), else those its label (or products) names.
         */
        public List<String> in(Set<String> available) {
            Optional<List<String>> choice = chosen == null ? Optional.empty() : chosen.apply(available);
            if (choice.isPresent()) {
                List<String> sorted = new ArrayList<>(choice.get());
                sorted.sort(null);
                return sorted;
            }
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
            if (products != null) {
                return products.holdsProductRelease(ecosystem, release);
            }
            return ecosystem.equals(label) || withSubEcosystems && ecosystem.startsWith(label + ":");
        }
    }

    /** The families rebuilt from RHEL's sources, matched against RHEL's advisories when their own are absent. */
    private static final Set<String> REBUILDS_OF_RHEL = Set.of("centos", "rocky", "almalinux",
            "scientific", "eurolinux", "rhel");

    /**
     * RHEL's advisories of the same major release, for an image of RHEL or of a rebuild of it (CentOS, Rocky,
     * AlmaLinux, Scientific Linux, EuroLinux); empty for any other OS.
     */
    public static Optional<Wanted> redHatFor(OperatingSystem os) {
        if (os == null || os.family() == null || !REBUILDS_OF_RHEL.contains(os.family().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return forOs(new OperatingSystem("rhel", os.version(), os.name(), os.distroless(), os.source()));
    }

    /** The ecosystems an OS release's advisories live in; empty for an unknown or unsupported OS. */
    public static Optional<Wanted> forOs(OperatingSystem os) {
        if (os == null || !os.isKnown() || os.version() == null || os.version().isBlank()) {
            return Optional.empty();
        }
        String version = os.version().trim();
        return Distributions.forId(os.family().toLowerCase(Locale.ROOT)).flatMap(d -> d.advisoryEcosystem()
                .flatMap(e -> d.releaseScheme().release(version)
                        .map(release -> e.anyProduct() ? new Wanted(e.label(release), false, e, release)
                                : new Wanted(e.label(release), e.withSubEcosystems(), null, release,
                                        available -> d.chooseEcosystems(release, os, available)))));
    }
}
