package dev.imagescan.vulndb;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the severity and exploitation feeds say of one CVE, merged by CVE id when the database is built: NVD's CVSS
 * ratings (used when the distribution gives none, docs/severity.md), FIRST's EPSS probability and CISA's Known
 * Exploited Vulnerabilities catalog. Each feed fills its own part; {@link #merge} joins the parts.
 *
 * @param cve     the CVE id, {@code CVE-2021-44228}
 * @param nvdCvss NVD's CVSS vectors with their base scores (v2, v3.x, v4.0), one per version, NVD's own (Primary)
 *                rating preferred over a secondary one; empty when NVD gives none
 * @param epss    the EPSS score; null when the EPSS feed was not read or does not list the CVE
 * @param kev     the KEV catalog entry; null when the CVE is not in the catalog (or the catalog was not read)
 */
public record CveSignals(String cve, List<CvssScore> nvdCvss, Epss epss, Kev kev) {
    public CveSignals {
        Objects.requireNonNull(cve, "cve");
        nvdCvss = List.copyOf(nvdCvss);
    }

    /**
     * An EPSS score: the probability of exploitation activity in the next 30 days, and its percentile among all
     * scored CVEs.
     *
     * @param score      0 to 1
     * @param percentile 0 to 1
     * @param date       the day the score was computed ({@code score_date}); null when the file does not say
     */
    public record Epss(double score, double percentile, LocalDate date) {
        public Epss {
            if (!(score >= 0 && score <= 1) || !(percentile >= 0 && percentile <= 1)) {
                throw new IllegalArgumentException("EPSS score and percentile are from 0 to 1, not " + score + " and "
                        + percentile);
            }
        }
    }

    /**
     * A CISA KEV catalog entry: the CVE is known to be exploited in the wild.
     *
     * @param dateAdded  when CISA added it
     * @param dueDate    the remediation due date for US federal agencies; null when none
     * @param ransomware whether it is known to be used in ransomware campaigns ({@code Known}, not {@code Unknown})
     */
    public record Kev(LocalDate dateAdded, LocalDate dueDate, boolean ransomware) {
        public Kev {
            Objects.requireNonNull(dateAdded, "dateAdded");
        }
    }

    /** Only NVD's ratings. */
    public static CveSignals ofNvd(String cve, List<CvssScore> cvss) {
        return new CveSignals(cve, cvss, null, null);
    }

    /** Only an EPSS score. */
    public static CveSignals ofEpss(String cve, Epss epss) {
        return new CveSignals(cve, List.of(), Objects.requireNonNull(epss, "epss"), null);
    }

    /** Only a KEV entry. */
    public static CveSignals ofKev(String cve, Kev kev) {
        return new CveSignals(cve, List.of(), null, Objects.requireNonNull(kev, "kev"));
    }

    /** This CVE's signals with {@code other}'s parts where {@code other} has them (same CVE). */
    public CveSignals merge(CveSignals other) {
        if (!cve.equals(other.cve)) {
            throw new IllegalArgumentException("cannot merge " + other.cve + " into " + cve);
        }
        return new CveSignals(cve, other.nvdCvss.isEmpty() ? nvdCvss : other.nvdCvss,
                other.epss == null ? epss : other.epss, other.kev == null ? kev : other.kev);
    }

    /** Whether CISA lists it as exploited in the wild. */
    public boolean knownExploited() {
        return kev != null;
    }

    /** The EPSS score, or -1 when there is none (for ordering). */
    public double epssScore() {
        return epss == null ? -1 : epss.score();
    }
}
