package dev.imagescan.report;

import dev.imagescan.distro.Distributions;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.match.Match;
import dev.imagescan.match.MatchResult;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.PackageAdvisory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns matches into the report: a level, a summary, references and a command per finding; counts; the fix plan. */
public final class ReportBuilder {
    private static final int MAX_REFERENCES = 5;
    /**
     * Most severe first; within a level by risk (exploited in the wild per CISA KEV first, then the higher EPSS
     * score, then the higher CVSS score); then by package name and arch, then id. A report's findings are sorted by
     * {@link FindingOrder}, which compares as this does on keys read once.
     */
    static final Comparator<Finding> ORDER = (a, b) -> {
        int c = a.level().compareTo(b.level());
        if (c == 0) {
            c = compareRisk(a, b);
        }
        if (c == 0) {
            c = a.pkg().name().compareTo(b.pkg().name());
        }
        if (c == 0) {
            c = String.valueOf(a.pkg().arch()).compareTo(String.valueOf(b.pkg().arch()));
        }
        return c != 0 ? c : a.id().compareTo(b.id());
    };

    private final Clock clock;

    /** Riskier first: KEV-listed before not, then the higher EPSS score, then the higher CVSS score. */
    static int compareRisk(Finding a, Finding b) {
        int c = Boolean.compare(b.knownExploited(), a.knownExploited());
        if (c == 0) {
            c = Double.compare(b.epssScore(), a.epssScore());
        }
        if (c == 0) {
            c = Double.compare(score(b), score(a));
        }
        return c;
    }

    private static double score(Finding f) {
        return f.severity().cvss() == null ? -1 : f.severity().cvss().baseScore();
    }

    public ReportBuilder(Clock clock) {
        this.clock = clock;
    }

    public VulnerabilityReport build(Inventory inventory, MatchResult result, DatabaseInfo database,
            ReportFilter filter) {
        return build(inventory, result, database, filter, FindingSuppressor.NONE);
    }

    /**
     * The report of {@code result}, with the findings {@code suppressor} says do not apply kept apart (in
     * {@link VulnerabilityReport#suppressed()}: not shown, not counted as hidden, not in the fix plan).
     */
    public VulnerabilityReport build(Inventory inventory, MatchResult result, DatabaseInfo database,
            ReportFilter filter, FindingSuppressor suppressor) {
        List<FixPlanner.Pair> shown = new ArrayList<>();
        List<Finding> hidden = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        for (Match m : result.matches()) {
            Finding f = finding(m, inventory.os());
            Suppression suppression = suppressor.suppression(f, inventory);
            if (suppression != null) {
                suppressed.add(new SuppressedFinding(f, suppression));
            } else if (filter.shows(f)) {
                shown.add(new FixPlanner.Pair(f, m));
            } else {
                hidden.add(f);
            }
        }
        FindingOrder.sort(shown, FixPlanner.Pair::finding);
        List<Finding> findings = shown.stream().map(FixPlanner.Pair::finding).toList();
        FindingOrder.sort(suppressed, SuppressedFinding::finding);
        return new VulnerabilityReport(inventory, result.coverage(), database, clock.instant(), filter, findings,
                SeverityCounts.of(findings), SeverityCounts.of(hidden), FixPlanner.plan(shown, inventory.os()),
                Suppressed.of(suppressed, suppressor.notices()));
    }

    /** The finding of one match on {@code os}, whose package manager the upgrade command is written for. */
    static Finding finding(Match m, OperatingSystem os) {
        Package p = m.pkg();
        Set<String> advisoryIds = new LinkedHashSet<>();
        for (PackageAdvisory a : m.advisories()) {
            advisoryIds.add(a.advisory().id());
        }
        List<String> aliases = new ArrayList<>(m.allIds());
        aliases.remove(m.vulnerabilityId());
        aliases.removeAll(advisoryIds);
        String summary = "";
        Set<String> references = new LinkedHashSet<>();
        for (PackageAdvisory a : m.advisories()) {
            Advisory adv = a.advisory();
            if (summary.isEmpty() && adv.summary() != null) {
                summary = adv.summary();
            }
            for (String r : adv.references()) {
                if (references.size() < MAX_REFERENCES) {
                    references.add(r);
                }
            }
        }
        return new Finding(m.vulnerabilityId(), List.copyOf(advisoryIds), aliases, p, m.matchedName(),
                m.fixedVersion(), SeverityRating.assess(m.advisories(), m.signals()), summary,
                List.copyOf(references),
                !m.fixable() ? null : p.app() != null ? AppRemediation.command(p, m.fixedVersion())
                        : Distributions.packageManager(os, p.type()).command(p, m.fixedVersion()),
                p.layer() != null && p.layer().index() == 0, m.signals() == null ? null : m.signals().kev(),
                m.signals() == null ? null : m.signals().epss(), m.status());
    }
}
