package dev.imagescan.report;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which findings a report shows.
 *
 * @param levels        the levels to show; all four when empty
 * @param ignoreUnfixed leave out findings that have no fix yet
 */
public record ReportFilter(Set<Severity> levels, boolean ignoreUnfixed) {
    public static final ReportFilter ALL = new ReportFilter(Set.of(), false);

    public ReportFilter {
        levels = levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
    }

    public boolean shows(Finding f) {
        return (levels.isEmpty() || levels.contains(f.level())) && !(ignoreUnfixed && !f.fixable());
    }

    /** The levels shown, most severe first. */
    public Set<Severity> shownLevels() {
        return levels.isEmpty() ? EnumSet.allOf(Severity.class) : EnumSet.copyOf(levels);
    }
}
