package dev.imagescan.policy;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.match.Coverage;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.suppress.Suppressions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a {@link Policy} to every finding of one image (docs/policy.md).
 *
 * <p>A policy judges the image, not what a report chose to show: it must see every finding of the match. A
 * {@link VulnerabilityReport} is accepted only when its filter hid nothing (build it with {@link ReportFilter#ALL});
 * the report's display filter ({@code --severity}, {@code --ignore-unfixed}) never changes a verdict.
 *
 * <p>In order: each finding an active allow-list entry matches is waived; with {@code onlyFixable}, findings without a
 * fixed version are left out, and without it those whose fix status is in {@code ignoreStatuses}; the rest are
 * "considered". {@code blockAt} blocks when a considered finding is at that
 * level or above; each {@code maxCounts} entry blocks when the considered findings at exactly that level outnumber it.
 * An image the database cannot speak for (coverage NO_DATA or UNSUPPORTED_OS) gets a warning, and is blocked only
 * with {@code blockOnUnknownCoverage}.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /**
     * Judges the image of {@code report}, whose findings must be all the match found.
     *
     * @throws IllegalArgumentException when the report's filter hid findings
     */
    public static Verdict evaluate(Policy policy, VulnerabilityReport report, Clock clock) {
        if (report.hidden().total() > 0) {
            throw new IllegalArgumentException("the report's filter hid " + report.hidden().total()
                    + " findings; a policy needs them all (build the report with ReportFilter.ALL)");
        }
        ImageSummary image = report.inventory().image();
        return evaluate(policy, notSuppressed(policy, report.findings(), image), report.coverage(),
                new Verdict.Subject(image.name(), image.manifestDigest(), image.configDigest()), clock);
    }

    /** Judges a list of findings: all those of one image's match; coverage is then unknown and not judged. */
    public static Verdict evaluate(Policy policy, List<Finding> findings, Clock clock) {
        return evaluate(policy, notSuppressed(policy, findings, null), null, null, clock);
    }

    /**
     * {@code findings} without those the policy's own VEX statements say do not apply to {@code image} (null when
     * unknown: statements that name an image by digest then apply to nothing).
     */
    static List<Finding> notSuppressed(Policy policy, List<Finding> findings, ImageSummary image) {
        if (policy.vex().isEmpty()) {
            return findings;
        }
        Suppressions vex = new Suppressions(List.of(), policy.vex(), Clock.systemUTC());
        return findings.stream().filter(f -> vex.suppression(f, image) == null).toList();
    }

    private static Verdict evaluate(Policy policy, List<Finding> findings, Coverage coverage, Verdict.Subject subject,
            Clock clock) {
        Objects.requireNonNull(policy, "policy");
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        List<AllowEntry> active = new ArrayList<>();
        List<Verdict.ExpiredEntry> expired = new ArrayList<>();
        for (AllowEntry e : policy.allow()) {
            if (e.activeOn(today)) {
                active.add(e);
            } else {
                expired.add(new Verdict.ExpiredEntry(e,
                        findings.stream().filter(e::matches).map(Verdict.FindingRef::of).toList()));
            }
        }

        List<Verdict.Waiver> waived = new ArrayList<>();
        List<Finding> considered = new ArrayList<>();
        for (Finding f : findings) {
            AllowEntry waiver = active.stream().filter(e -> e.matches(f)).findFirst().orElse(null);
            if (waiver != null) {
                waived.add(new Verdict.Waiver(Verdict.FindingRef.of(f), waiver));
            } else if (policy.counts(f)) {
                considered.add(f);
            }
        }

        String which = policy.onlyFixable() ? " with a fix available" : "";
        List<Verdict.Reason> reasons = new ArrayList<>();
        if (policy.blockAt() != null) {
            List<Verdict.FindingRef> hits = considered.stream().filter(f -> f.level().atLeast(policy.blockAt()))
                    .map(Verdict.FindingRef::of).toList();
            if (!hits.isEmpty()) {
                reasons.add(new Verdict.Reason("blockAt", hits.size() + " finding" + (hits.size() == 1 ? "" : "s")
                        + " at " + policy.blockAt().label() + (policy.blockAt() == Severity.HIGH ? "" : " or above")
                        + which + " (blockAt " + policy.blockAt().label() + ")", hits));
            }
        }
        if (policy.blockOnKev()) {
            List<Verdict.FindingRef> hits = considered.stream().filter(Finding::knownExploited)
                    .map(Verdict.FindingRef::of).toList();
            if (!hits.isEmpty()) {
                reasons.add(new Verdict.Reason("kev", hits.size() + " finding" + (hits.size() == 1 ? "" : "s")
                        + " in CISA's Known Exploited Vulnerabilities catalog" + which + " (kev)", hits));
            }
        }
        if (policy.blockAtEpss() != null) {
            double threshold = policy.blockAtEpss();
            List<Verdict.FindingRef> hits = considered.stream().filter(f -> f.epss() != null
                    && f.epss().score() >= threshold).map(Verdict.FindingRef::of).toList();
            if (!hits.isEmpty()) {
                reasons.add(new Verdict.Reason("epss", hits.size() + " finding" + (hits.size() == 1 ? "" : "s")
                        + " with an EPSS score of " + threshold + " or more" + which + " (epss " + threshold + ")",
                        hits));
            }
        }
        Map<Severity, List<Verdict.FindingRef>> byLevel = new EnumMap<>(Severity.class);
        for (Finding f : considered) {
            byLevel.computeIfAbsent(f.level(), l -> new ArrayList<>()).add(Verdict.FindingRef.of(f));
        }
        for (Severity level : Severity.values()) {
            Integer max = policy.maxCounts().get(level);
            List<Verdict.FindingRef> atLevel = byLevel.getOrDefault(level, List.of());
            if (max != null && atLevel.size() > max) {
                reasons.add(new Verdict.Reason("maxCounts." + level.label(), atLevel.size() + " " + level.label()
                        + " findings" + which + ", more than the " + max + " allowed (maxCounts." + level.label() + ")",
                        atLevel));
            }
        }

        List<String> warnings = new ArrayList<>();
        if (coverage != null && coverage.status() != Coverage.Status.COVERED) {
            String why = "coverage " + coverage.status() + (coverage.message() == null ? "" : ": " + coverage.message())
                    + "; no finding does not mean no vulnerability";
            if (policy.blockOnUnknownCoverage()) {
                reasons.add(new Verdict.Reason("coverage", why + " (blockOnUnknownCoverage)", List.of()));
            } else {
                warnings.add(why);
            }
        }
        if (coverage != null && coverage.eolReached()) {
            warnings.add("the OS release reached the end of its security support on " + coverage.endOfLife()
                    + "; fixes may never come");
        }
        for (Verdict.ExpiredEntry e : expired) {
            if (!e.findings().isEmpty()) {
                warnings.add("allow-list entry " + e.entry().id() + " " + e.message() + " and no longer waives "
                        + e.findings().size() + " finding" + (e.findings().size() == 1 ? "" : "s"));
            }
        }

        return new Verdict(reasons.isEmpty() ? Verdict.Decision.ALLOWED : Verdict.Decision.BLOCKED, policy.version(),
                now, subject, coverage == null ? null : coverage.status(), considered.size(), reasons, waived, expired,
                warnings);
    }
}
