package dev.imagescan.vulndb.ubuntu;

import dev.imagescan.vulndb.FixStatus;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one status of the Ubuntu CVE tracker ({@code <release>_<package>: <status> (<note>)}, the tracker's README
 * "Package Status") means for the release's package, in the database's vocabulary (docs/vulndb-format.md, "Fix
 * statuses"):
 * <ul>
 *   <li>{@code released (V)}: fixed in V;</li>
 *   <li>{@code released-esm (V)}: fixed in V in the ESM archive only: fixed for an Ubuntu Pro image, out of support
 *       for any other;</li>
 *   <li>{@code needed}, {@code active}, {@code pending (V)}: affected, no fix yet (a pending fix is not yet
 *       published);</li>
 *   <li>{@code deferred}: affected, fix deferred;</li>
 *   <li>{@code needs-triage}: not yet known whether it is affected: under investigation;</li>
 *   <li>{@code ignored}: out of support when its note says the release reached its end of life or of standard
 *       support ({@code reached end-of-life}, {@code end of standard support}, {@code out of standard support}),
 *       else will not fix;</li>
 *   <li>{@code not-affected}, {@code DNE} (the package does not exist in the release): no entry.</li>
 * </ul>
 *
 * @param kind    what the status says
 * @param fixed   the fixed version ({@link Kind#FIXED}, {@link Kind#FIXED_IN_ESM}); null otherwise
 * @param unfixed why there is no fix ({@link Kind#UNFIXED}); null otherwise
 */
record TrackerStatus(Kind kind, String fixed, FixStatus unfixed) {
    private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~:-]*");
    private static final Pattern END_OF_SUPPORT = Pattern.compile(
            ".*\\b(end[\\s-]of[\\s-]life|end[\\s-]of[\\s-]standard[\\s-]support|out[\\s-]of[\\s-]standard[\\s-]support"
                    + "|end[\\s-]of[\\s-]support)\\b.*");

    /** The kinds of statuses. */
    enum Kind {
        /** A fixed version. */
        FIXED,
        /** A fixed version in the ESM archive only ({@code released-esm}). */
        FIXED_IN_ESM,
        /** Affected, with the reason there is no fix. */
        UNFIXED,
        /** Not affected, or the package does not exist in the release: no entry. */
        NONE,
        /** A word the tracker's README does not define, or a fix without a usable version: no entry, a warning. */
        UNUSABLE
    }

    /**
     * The meaning of {@code word} with its {@code note} (the text after the word, without its parentheses; may be
     * empty).
     */
    static TrackerStatus of(String word, String note) {
        return switch (word) {
            case "released" -> fixedOrUnusable(Kind.FIXED, note);
            case "released-esm" -> fixedOrUnusable(Kind.FIXED_IN_ESM, note);
            case "needed", "active", "pending" -> unfixed(FixStatus.AFFECTED);
            case "deferred" -> unfixed(FixStatus.FIX_DEFERRED);
            case "needs-triage" -> unfixed(FixStatus.UNDER_INVESTIGATION);
            case "ignored" -> unfixed(END_OF_SUPPORT.matcher(note.toLowerCase(Locale.ROOT)).matches()
                    ? FixStatus.OUT_OF_SUPPORT : FixStatus.WILL_NOT_FIX);
            case "not-affected", "DNE" -> new TrackerStatus(Kind.NONE, null, null);
            default -> new TrackerStatus(Kind.UNUSABLE, null, null);
        };
    }

    private static TrackerStatus unfixed(FixStatus why) {
        return new TrackerStatus(Kind.UNFIXED, null, why);
    }

    /**
     * A fix's version is the note's first word ({@code 1.0.1-4ubuntu5.12}), when it is a Debian version; brackets
     * and a parenthesis the tracker's hand-edited lines leave around it ({@code [1.2-1]}, {@code 1.2-1)}) are not part
     * of it.
     */
    private static TrackerStatus fixedOrUnusable(Kind kind, String note) {
        String first = note.strip().split("[\\s,;]+", 2)[0].replaceAll("^[(\\[]+|[)\\]]+$", "");
        return VERSION.matcher(first).matches() ? new TrackerStatus(kind, first, null)
                : new TrackerStatus(Kind.UNUSABLE, null, null);
    }
}
