package dev.imagescan.vulndb;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An advisory together with its entry for one (ecosystem, package): what a lookup returns.
 *
 * <p>The advisory may be decoded on first use ({@link #lazy}): most entries a lookup returns leave the installed
 * version unaffected, and the matcher reads their ranges, never their advisory's summary, references or ratings, so a
 * database that decodes on demand ({@code ArtifactVulnDatabase}) decodes only the advisories of what matched. Equal
 * when the advisory and the entry are equal, as a record would be.
 */
public final class PackageAdvisory {
    private final AffectedPackage affected;
    private final Supplier<Advisory> decoder; // null when the advisory was given
    private volatile Advisory advisory;

    /** An entry with its advisory already at hand. */
    public PackageAdvisory(Advisory advisory, AffectedPackage affected) {
        this.advisory = Objects.requireNonNull(advisory, "advisory");
        this.decoder = null;
        this.affected = Objects.requireNonNull(affected, "affected");
    }

    private PackageAdvisory(Supplier<Advisory> decoder, AffectedPackage affected) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.affected = Objects.requireNonNull(affected, "affected");
    }

    /**
     * An entry whose advisory {@code decoder} gives when first asked for (once per entry, or more than once when
     * threads ask at the same time: it must give equal advisories).
     */
    public static PackageAdvisory lazy(Supplier<Advisory> decoder, AffectedPackage affected) {
        return new PackageAdvisory(decoder, affected);
    }

    /** The advisory, decoded now if it has not been. */
    public Advisory advisory() {
        Advisory a = advisory;
        if (a == null) {
            a = Objects.requireNonNull(decoder.get(), "decoded advisory");
            advisory = a;
        }
        return a;
    }

    /** The advisory's entry for this package. */
    public AffectedPackage affected() {
        return affected;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageAdvisory p && affected.equals(p.affected) && advisory().equals(p.advisory());
    }

    @Override
    public int hashCode() {
        return 31 * advisory().hashCode() + affected.hashCode();
    }

    @Override
    public String toString() {
        return "PackageAdvisory[advisory=" + advisory() + ", affected=" + affected + "]";
    }
}
