package dev.imagescan.assess;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.report.FindingSuppressor;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.vulndb.VulnDatabase;
import java.time.Clock;
import java.util.Objects;

/**
 * Inventory → match → report → verdict, the same for the CLI and the functions: the inventory's packages are matched
 * against the database ({@link Matcher}), the findings are rated and given remediation and a fix plan
 * ({@link ReportBuilder}), and a policy, when one applies, judges every finding ({@link PolicyEvaluator}) — also those
 * the report's filter leaves out, so that {@code --severity High} never lets a blocked image through.
 */
public final class Assessor {
    private final Clock clock;
    private final Matcher matcher;
    private final ReportBuilder reports;

    /** @param clock the time of the report and the verdict: end of life, database age, allow-list expiry */
    public Assessor(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.matcher = new Matcher(clock);
        this.reports = new ReportBuilder(clock);
    }

    /**
     * Assesses one image.
     *
     * @param filter which findings the report shows ({@link ReportFilter#ALL}: every one)
     * @param policy the policy to judge by; null: no verdict
     */
    public Assessment assess(Inventory inventory, VulnDatabase db, ReportFilter filter, Policy policy) {
        return assess(inventory, db, filter, policy, FindingSuppressor.NONE);
    }

    /**
     * Assesses one image, leaving out of the report's findings and of the verdict the findings {@code suppressor}
     * (an ignore file, VEX statements) or the policy's own VEX statements say do not apply; the report still carries
     * them, apart.
     */
    public Assessment assess(Inventory inventory, VulnDatabase db, ReportFilter filter, Policy policy,
            FindingSuppressor suppressor) {
        if (policy != null && !policy.vex().isEmpty()) {
            suppressor = FindingSuppressor.firstOf(suppressor, policy.vexSuppressor());
        }
        MatchResult matches = matcher.match(inventory, db);
        VulnerabilityReport report = reports.build(inventory, matches, db.info(), filter, suppressor);
        if (policy == null) {
            return new Assessment(report, null);
        }
        VulnerabilityReport all = report.hidden().total() == 0 ? report
                : reports.build(inventory, matches, db.info(), ReportFilter.ALL, suppressor);
        Verdict verdict = PolicyEvaluator.evaluate(policy, all, clock);
        return new Assessment(report, verdict);
    }
}
