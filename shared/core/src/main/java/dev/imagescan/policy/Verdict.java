package dev.imagescan.policy;

import dev.imagescan.match.Coverage;
import dev.imagescan.report.Finding;
import dev.imagescan.report.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a policy says about one image: ALLOWED or BLOCKED, and why.
 *
 * @param decision      ALLOWED when no rule blocks
 * @param policyVersion the version of the policy applied
 * @param evaluatedAt   when it was applied (allow-list expiry is judged on this instant's UTC date)
 * @param image         the image judged; null when the findings were given without a report
 * @param coverage      how far the database covers the image; null when unknown (findings given without a report)
 * @param considered    how many findings the rules counted (not waived, and fixable with {@code onlyFixable})
 * @param reasons       the rules that block, each with the findings that triggered it; empty when ALLOWED
 * @param waived        findings an active allow-list entry waived
 * @param expired       allow-list entries past their expiry date, which no longer waive anything
 * @param warnings      what makes the verdict less certain (coverage, end of life); they do not block
 */
public record Verdict(Decision decision, String policyVersion, Instant evaluatedAt, Subject image,
        Coverage.Status coverage, int considered, List<Reason> reasons, List<Waiver> waived,
        List<ExpiredEntry> expired, List<String> warnings) {

    public Verdict {
        reasons = List.copyOf(reasons);
        waived = List.copyOf(waived);
        expired = List.copyOf(expired);
        warnings = List.copyOf(warnings);
    }

    /** The outcome. */
    public enum Decision {
        ALLOWED,
        BLOCKED
    }

    public boolean blocked() {
        return decision == Decision.BLOCKED;
    }

    /** The image a verdict is about: its name and digests as the report states them (any may be null). */
    public record Subject(String name, String manifestDigest, String configDigest) {}

    /**
     * A finding as a verdict names it.
     *
     * @param packageName      the installed (binary) package
     * @param installedVersion its version
     * @param fixedVersion     the version that fixes it; null when there is none
     */
    public record FindingRef(String id, String packageName, String installedVersion, Severity severity,
            String fixedVersion) {
        public static FindingRef of(Finding f) {
            return new FindingRef(f.id(), f.pkg().name(), f.pkg().version(), f.level(), f.fixedVersion());
        }
    }

    /**
     * One rule that blocks.
     *
     * @param rule     {@code blockAt}, {@code maxCounts.<Level>} or {@code coverage}
     * @param message  the rule and what broke it, for people
     * @param findings the findings that triggered it (empty for {@code coverage})
     */
    public record Reason(String rule, String message, List<FindingRef> findings) {
        public Reason {
            findings = List.copyOf(findings);
        }
    }

    /** A finding an allow-list entry waived. */
    public record Waiver(FindingRef finding, AllowEntry entry) {}

    /**
     * An allow-list entry past its date.
     *
     * @param findings the findings it would have waived, which now count
     */
    public record ExpiredEntry(AllowEntry entry, List<FindingRef> findings) {
        public ExpiredEntry {
            findings = List.copyOf(findings);
        }

        /** {@code expired on 2026-11-01}. */
        public String message() {
            LocalDate d = entry.expires();
            return "expired on " + d;
        }
    }
}
