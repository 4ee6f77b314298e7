package dev.imagescan.policy;

import dev.imagescan.report.Finding;
import dev.imagescan.report.FindingSuppressor;
import dev.imagescan.report.Severity;
import dev.imagescan.suppress.Suppressions;
import dev.imagescan.suppress.VexStatement;
import dev.imagescan.vulndb.FixStatus;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A blocking policy (docs/policy.md, docs/schemas/policy-v1.schema.json). An image is blocked when a finding that is
 * not allow-listed is at {@code blockAt} or above (and has a fix, with {@code onlyFixable}), or when the number of such
 * findings at one level exceeds its {@code maxCounts} entry.
 *
 * @param version                the policy's version as its document states it (an integer is kept in decimal);
 *                               every verdict records it
 * @param blockAt                the least severe level that blocks; null for no level rule (only {@code maxCounts})
 * @param onlyFixable            count only findings with a fixed version, for every rule
 * @param maxCounts              per level, the most findings allowed at exactly that level; absent levels have no
 *                               maximum
 * @param allow                  the allow-list
 * @param blockOnUnknownCoverage block an image the database cannot speak for (coverage NO_DATA or UNSUPPORTED_OS)
 * @param blockOnKev             block when a counted finding is in CISA's Known Exploited Vulnerabilities catalog,
 *                               whatever its level
 * @param blockAtEpss            block when a counted finding's EPSS score is at least this (0 to 1); null: no EPSS
 *                               rule
 * @param vex                    the statements of the VEX documents stored with the policy (its {@code vex} field):
 *                               the findings they say do not apply are neither judged nor reported as findings
 * @param ignoreStatuses         findings whose fix status is one of these ({@code will_not_fix},
 *                               {@code out_of_support}, …; never {@code fixed}) are not counted by any rule
 */
public record Policy(String version, Severity blockAt, boolean onlyFixable, Map<Severity, Integer> maxCounts,
        List<AllowEntry> allow, boolean blockOnUnknownCoverage, boolean blockOnKev, Double blockAtEpss,
        List<VexStatement> vex, Set<FixStatus> ignoreStatuses) {
    /** The version {@link #defaults()} records. */
    public static final String DEFAULT_VERSION = "default";

    public Policy {
        Objects.requireNonNull(version, "version");
        maxCounts = maxCounts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(maxCounts));
        allow = List.copyOf(allow);
        vex = vex == null ? List.of() : List.copyOf(vex);
        ignoreStatuses = ignoreStatuses == null || ignoreStatuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(ignoreStatuses));
        if (ignoreStatuses.contains(FixStatus.FIXED)) {
            throw new IllegalArgumentException("a policy cannot ignore fixed findings by status");
        }
        if (blockAtEpss != null && !(blockAtEpss >= 0 && blockAtEpss <= 1)) {
            throw new IllegalArgumentException("an EPSS threshold is from 0 to 1, not " + blockAtEpss);
        }
    }

    /** A policy that counts findings whatever their fix status (but {@code onlyFixable}). */
    public Policy(String version, Severity blockAt, boolean onlyFixable, Map<Severity, Integer> maxCounts,
            List<AllowEntry> allow, boolean blockOnUnknownCoverage, boolean blockOnKev, Double blockAtEpss,
            List<VexStatement> vex) {
        this(version, blockAt, onlyFixable, maxCounts, allow, blockOnUnknownCoverage, blockOnKev, blockAtEpss, vex,
                Set.of());
    }

    /** Whether the rules count {@code f}: it has a fix, or {@code onlyFixable} is off and its status not ignored. */
    public boolean counts(Finding f) {
        return f.fixable() || !onlyFixable && !ignoreStatuses.contains(f.status());
    }

    /** A policy without exploitation rules or VEX statements. */
    public Policy(String version, Severity blockAt, boolean onlyFixable, Map<Severity, Integer> maxCounts,
            List<AllowEntry> allow, boolean blockOnUnknownCoverage) {
        this(version, blockAt, onlyFixable, maxCounts, allow, blockOnUnknownCoverage, false, null, List.of(), Set.of());
    }

    /** The policy's VEX statements as a suppressor (nothing when it has none). */
    public FindingSuppressor vexSuppressor() {
        return vex.isEmpty() ? FindingSuppressor.NONE : new Suppressions(List.of(), vex, Clock.systemUTC());
    }

    /** Any High finding with a fix available blocks; nothing is allow-listed; unknown coverage only warns. */
    public static Policy defaults() {
        return new Policy(DEFAULT_VERSION, Severity.HIGH, true, Map.of(), List.of(), false);
    }
}
