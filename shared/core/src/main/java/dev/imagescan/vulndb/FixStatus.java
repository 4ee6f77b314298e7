package dev.imagescan.vulndb;

import java.util.Locale;
import java.util.Optional;

/**
 * What a vendor says of an affected package's fix, in one vocabulary for every distribution (docs/vulndb-format.md
 * maps each vendor's words onto it): a fix is out ({@link #FIXED}), or the package is affected and the vendor says
 * why there is no fix: none yet ({@link #AFFECTED}), one is deferred, none will be made, the product stream is out of
 * the vendor's support scope, or the vendor has not yet decided whether the package is affected.
 *
 * <p>The order is the order of precedence when several advisories about one vulnerability of one package disagree:
 * the earliest wins, so that a finding is never made to look less actionable than one of its advisories says.
 */
public enum FixStatus {
    /** A fixed version is known: upgrading to it clears the finding. */
    FIXED("fixed", "fixed", "A fixed version is available."),
    /** Affected, and no fix is available yet (OSV with no {@code fixed} event; Red Hat "Affected"). */
    AFFECTED("affected", "no fix yet", "No fixed version is available yet."),
    /** Affected; the vendor plans a fix but put it off (Red Hat "Fix deferred", Debian postponed, Ubuntu deferred). */
    FIX_DEFERRED("fix_deferred", "fix deferred", "No fixed version is available: the vendor has deferred the fix."),
    /** Affected, and the vendor says it will not fix it in this release (Red Hat "Will not fix", Debian ignored). */
    WILL_NOT_FIX("will_not_fix", "will not fix", "No fixed version will come: the vendor will not fix it."),
    /** Affected, and the product stream is outside the vendor's support scope (Red Hat "Out of support scope"). */
    OUT_OF_SUPPORT("out_of_support", "out of support",
            "No fixed version will come: the package is outside the vendor's support scope."),
    /** The vendor is still investigating whether the package is affected (Red Hat {@code under_investigation}). */
    UNDER_INVESTIGATION("under_investigation", "under investigation",
            "No fixed version is available: the vendor is still investigating whether it is affected.");

    private final String word;
    private final String label;
    private final String sentence;

    FixStatus(String word, String label, String sentence) {
        this.word = word;
        this.label = label;
        this.sentence = sentence;
    }

    /** One sentence for a report: whether a fix is available, and if not, why. */
    public String sentence() {
        return sentence;
    }

    /** The word reports and policies use: {@code fixed}, {@code affected}, {@code will_not_fix}, … */
    public String word() {
        return word;
    }

    /** A few words for people: {@code no fix yet}, {@code will not fix}, … */
    public String label() {
        return label;
    }

    /** Whether a fixed version is available. */
    public boolean fixed() {
        return this == FIXED;
    }

    /** The status of {@code word} ({@link #word()}, any case, {@code -} or {@code _}); empty when none. */
    public static Optional<FixStatus> ofWord(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (FixStatus s : values()) {
            if (s.word.equals(w)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Of two statuses of one finding, the one that wins: the earlier in declaration order. */
    public static FixStatus precedence(FixStatus a, FixStatus b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }
}
