package dev.imagescan.suppress;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.Finding;
import dev.imagescan.report.FindingSuppressor;
import dev.imagescan.report.Suppression;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ignore rules and VEX statements of one scan, deciding which findings do not apply:
 * <ol>
 *   <li>an ignore rule that matches the finding and has not expired suppresses it ({@code ignored});</li>
 *   <li>else, of the VEX statements that match it, the newest (by time, then by the order read) decides:
 *       {@code not_affected} or {@code fixed} suppress it, {@code affected} or {@code under_investigation} leave it
 *       in the report.</li>
 * </ol>
 * Expired rules apply to nothing and are listed in {@link #notices()}.
 */
public final class Suppressions implements FindingSuppressor {
    private static final Comparator<VexStatement> NEWEST_FIRST = Comparator
            .comparing(VexStatement::timestamp, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparingInt(VexStatement::order).reversed();

    private final List<IgnoreRule> active = new ArrayList<>();
    private final List<IgnoreRule> expired = new ArrayList<>();
    private final List<VexStatement> statements;

    /** The rules and statements as of {@code clock}'s day (UTC). */
    public Suppressions(List<IgnoreRule> rules, List<VexStatement> statements, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (IgnoreRule r : rules) {
            (r.expired(today) ? expired : active).add(r);
        }
        this.statements = statements.stream().sorted(NEWEST_FIRST).toList();
    }

    @Override
    public Suppression suppression(Finding finding, Inventory inventory) {
        return suppression(finding, inventory.image());
    }

    /** The statement that suppresses {@code finding} of {@code image} (null when unknown); null if none. */
    public Suppression suppression(Finding finding, ImageSummary image) {
        for (IgnoreRule r : active) {
            if (r.matches(finding)) {
                return new Suppression(Suppression.Kind.IGNORE_FILE, Suppression.IGNORED, null, r.statement(),
                        r.file());
            }
        }
        for (VexStatement s : statements) {
            if (s.matches(finding, image)) {
                return s.suppresses() ? s.suppression() : null;
            }
        }
        return null;
    }

    @Override
    public List<String> notices() {
        return expired.stream().map(r -> "ignore entry " + r.id() + " expired on " + r.expiresOn() + " and no longer"
                + " applies (" + r.where() + ")").toList();
    }

    /** The ignore rules that have expired. */
    public List<IgnoreRule> expired() {
        return List.copyOf(expired);
    }

    /** Whether there is nothing at all to apply. */
    public boolean isEmpty() {
        return active.isEmpty() && expired.isEmpty() && statements.isEmpty();
    }
}
