package dev.imagescan.vulndb;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded vulnerability database, asked by (ecosystem, package name). Implementations are immutable and safe to
 * share between threads.
 */
public interface VulnDatabase {

    DatabaseInfo info();

    /** Every ecosystem that has at least one entry, verbatim as in the records. */
    Set<String> ecosystems();

    /**
     * Every non-withdrawn advisory with an entry for this package name in this ecosystem (exact, case-sensitive
     * match of both), in a stable order; empty when none.
     */
    List<PackageAdvisory> lookup(String ecosystem, String packageName);

    /**
     * What the severity and exploitation feeds said of {@code cve} ({@code CVE-2024-3094}) when the database was
     * built: NVD's ratings, EPSS, CISA KEV. Empty when none of them lists it or the database holds none.
     */
    default Optional<CveSignals> signals(String cve) {
        return Optional.empty();
    }
}
