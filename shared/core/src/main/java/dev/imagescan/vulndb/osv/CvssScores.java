package dev.imagescan.vulndb.osv;

import dev.imagescan.vulndb.CvssScore;
import java.util.HashSet;
import java.util.Set;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * Base scores of OSV {@code severity} vectors, computed by us.springett:cvss-calculator (CVSS v2, v3.0, v3.1 and
 * v4.0, the last from FIRST's reference macro-vector tables). The vector must be of the version its OSV type
 * names and name each metric once; anything else is refused with the reason, so the importer can skip it.
 */
public final class CvssScores {
    private CvssScores() {}

    /**
     * The score of one OSV severity entry.
     *
     * @param osvType {@code CVSS_V2}, {@code CVSS_V3} or {@code CVSS_V4}
     * @param vector  the entry's {@code score}: a vector string
     * @return the version, the vector as given and its base score rounded to one decimal
     * @throws IllegalArgumentException when the vector does not parse, is not of that version, repeats a metric
     */
    public static CvssScore score(String osvType, String vector) {
        String version = version(osvType, vector);
        String body = version.equals("2.0") ? stripParentheses(vector) : vector;
        requireDistinctMetrics(body);
        Score score;
        try {
            Cvss cvss = Cvss.fromVector(body);
            if (cvss == null) {
                throw new IllegalArgumentException("not a CVSS vector");
            }
            score = cvss.calculateScore();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        double base = score.getBaseScore();
        if (!(base >= 0.0 && base <= 10.0)) {
            throw new IllegalArgumentException("base score " + base + " is outside 0 to 10");
        }
        return new CvssScore(version, vector, Math.round(base * 10.0) / 10.0);
    }

    /** The CVSS version a vector of an OSV severity type must have: 2.0, 3.0, 3.1 or 4.0. */
    private static String version(String osvType, String vector) {
        switch (osvType) {
            case "CVSS_V2":
                if (vector.startsWith("CVSS:")) {
                    throw new IllegalArgumentException("a CVSS_V2 vector has no CVSS: prefix");
                }
                return "2.0";
            case "CVSS_V3":
                if (vector.startsWith("CVSS:3.0/")) {
                    return "3.0";
                }
                if (vector.startsWith("CVSS:3.1/")) {
                    return "3.1";
                }
                throw new IllegalArgumentException("a CVSS_V3 vector starts with CVSS:3.0/ or CVSS:3.1/");
            case "CVSS_V4":
                if (vector.startsWith("CVSS:4.0/")) {
                    return "4.0";
                }
                throw new IllegalArgumentException("a CVSS_V4 vector starts with CVSS:4.0/");
            default:
                throw new IllegalArgumentException("unknown CVSS severity type " + osvType);
        }
    }

    private static String stripParentheses(String vector) {
        return vector.length() >= 2 && vector.charAt(0) == '(' && vector.charAt(vector.length() - 1) == ')'
                ? vector.substring(1, vector.length() - 1) : vector;
    }

    private static void requireDistinctMetrics(String vector) {
        Set<String> seen = new HashSet<>();
        for (String part : vector.split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + part + "' is not METRIC:VALUE");
            }
            if (!seen.add(part.substring(0, colon))) {
                throw new IllegalArgumentException("metric " + part.substring(0, colon) + " appears twice");
            }
        }
    }
}
