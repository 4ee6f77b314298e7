package dev.imagescan.report;

import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.PackageAdvisory;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gives a finding one of the four levels (docs/severity.md):
 * <ol>
 *   <li>the distribution's own rating, when an advisory states one that means a level (the highest of them, when
 *       several do): Debian urgency, Ubuntu priority, Red Hat / Rocky / Alma severity;</li>
 *   <li>else the CVSS base score of the advisories' own vectors (v3.x preferred, then v4.0, then v2; the highest
 *       score of that version): High ≥ 7.0, Medium ≥ 4.0, Low &gt; 0;</li>
 *   <li>for the language ecosystems' advisories (GHSA and others), whose {@code database_specific.severity} word
 *       is no distribution's rating, the CVSS vector first and that word only when there is no vector;</li>
 *   <li>else NVD's CVSS base score, merged by CVE when the database was built (the same preference), reported as
 *       coming from {@code nvd};</li>
 *   <li>else Unknown.</li>
 * </ol>
 * Ratings that state no level ({@code not yet assigned}, {@code untriaged}, {@code end-of-life}) fall through to CVSS.
 */
public final class SeverityRating {
    /** OSV's language ecosystems: their advisories (GHSA, Go, PyPA) carry no distribution rating. */
    static final Set<String> LANGUAGE_ECOSYSTEMS = Set.of("Maven", "npm", "PyPI", "Go", "crates.io", "RubyGems",
            "NuGet", "Packagist");

    private SeverityRating() {}

    public static SeverityAssessment assess(List<PackageAdvisory> advisories) {
        return assess(advisories, null);
    }

    /**
     * The level of a finding from its advisories and, when they rate it neither by word nor by vector, from NVD.
     *
     * @param signals what the database holds of the finding's CVE (NVD's ratings); null when nothing
     */
    public static SeverityAssessment assess(List<PackageAdvisory> advisories, CveSignals signals) {
        Severity best = null;
        String source = null;
        String rating = null;
        Severity appLevel = null;
        String appRating = null;
        for (PackageAdvisory a : advisories) {
            if (LANGUAGE_ECOSYSTEMS.contains(a.affected().ecosystem())) {
                // GHSA's word (CRITICAL, MODERATE) is no distribution's: its CVSS vector decides, the word only
                // when there is no vector
                String r = a.advisory().rating();
                Severity level = r == null ? null : distroLevel(r);
                if (level != null && (appLevel == null || level.ordinal() < appLevel.ordinal())) {
                    appLevel = level;
                    appRating = r;
                }
                continue;
            }
            for (String r : new String[] {a.affected().rating(), a.advisory().rating()}) {
                Severity level = r == null ? null : distroLevel(r);
                if (level != null && (best == null || level.ordinal() < best.ordinal())) {
                    best = level;
                    rating = r;
                    source = distribution(a.affected().ecosystem());
                }
            }
        }
        CvssScore cvss = null;
        for (PackageAdvisory a : advisories) {
            for (CvssScore s : a.advisory().cvss()) {
                cvss = better(cvss, s);
            }
        }
        CvssScore nvd = signals == null ? null : preferred(signals.nvdCvss());
        if (best != null) {
            return new SeverityAssessment(best, source, rating, cvss != null ? cvss : nvd);
        }
        if (cvss != null && cvss.baseScore() > 0) {
            return new SeverityAssessment(Severity.ofScore(cvss.baseScore()), "cvss", null, cvss);
        }
        if (appLevel != null) {
            return new SeverityAssessment(appLevel, "ghsa", appRating, cvss);
        }
        if (nvd != null && nvd.baseScore() > 0) {
            return new SeverityAssessment(Severity.ofScore(nvd.baseScore()), "nvd", null, nvd);
        }
        return new SeverityAssessment(Severity.UNKNOWN, "none", null, cvss != null ? cvss : nvd);
    }

    /** The level a distribution's rating word means; null when it means none. */
    public static Severity distroLevel(String rating) {
        Severity verbatim = switch (rating) { // the words as the feeds spell them, without normalizing each time
            case "Critical", "Important", "High", "critical", "important", "high" -> Severity.HIGH;
            case "Moderate", "Medium", "moderate", "medium" -> Severity.MEDIUM;
            case "Low", "low", "unimportant", "negligible" -> Severity.LOW;
            default -> null;
        };
        if (verbatim != null) {
            return verbatim;
        }
        String r = rating.trim().toLowerCase(Locale.ROOT);
        while (r.endsWith("*")) {
            r = r.substring(0, r.length() - 1);
        }
        return switch (r) {
            case "critical", "important", "high" -> Severity.HIGH;
            case "medium", "moderate" -> Severity.MEDIUM;
            case "low", "unimportant", "negligible" -> Severity.LOW;
            default -> null;
        };
    }

    private static CvssScore preferred(List<CvssScore> scores) {
        CvssScore best = null;
        for (CvssScore s : scores) {
            best = better(best, s);
        }
        return best;
    }

    /** Of the best score so far and {@code s}: the later CVSS version, then the higher score; never a NaN score. */
    private static CvssScore better(CvssScore best, CvssScore s) {
        if (Double.isNaN(s.baseScore())) {
            return best;
        }
        if (best == null || rank(s) > rank(best) || (rank(s) == rank(best) && s.baseScore() > best.baseScore())) {
            return s;
        }
        return best;
    }

    private static int rank(CvssScore s) {
        return s.version().startsWith("3") ? 3 : s.version().startsWith("4") ? 2 : 1;
    }

    static String distribution(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        String family = (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).toLowerCase(Locale.ROOT);
        return switch (family) {
            case "red hat" -> "redhat";
            case "rocky linux" -> "rocky";
            case "oracle linux" -> "oracle";
            case "amazon linux" -> "amazon";
            default -> family.replace(" ", "");
        };
    }
}
