package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.FixStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fewest package upgrades that clear every fixable finding: one upgrade per affected package, to the version
 * that fixes all of its findings, checked against every advisory at that version.
 *
 * @param upgrades  one per package, by package name
 * @param commands  one command per package type that performs every upgrade at once
 * @param before    the counts per level now
 * @param after     the counts per level once every upgrade is applied (what remains has no fix yet)
 * @param unfixed   the findings shown that have no fixed version, by why not ({@link FixStatus}: no fix yet, will not
 *                  fix, …); never {@link FixStatus#FIXED}, no zero counts
 */
public record FixPlan(List<Upgrade> upgrades, List<String> commands, SeverityCounts before, SeverityCounts after,
        Map<FixStatus, Integer> unfixed) {
    public FixPlan {
        upgrades = List.copyOf(upgrades);
        commands = List.copyOf(commands);
        EnumMap<FixStatus, Integer> sorted = new EnumMap<>(FixStatus.class);
        unfixed.forEach((k, v) -> {
            if (k != FixStatus.FIXED && v > 0) {
                sorted.put(k, v);
            }
        });
        unfixed = Collections.unmodifiableMap(sorted);
    }

    /** A plan without the unfixed findings' statuses. */
    public FixPlan(List<Upgrade> upgrades, List<String> commands, SeverityCounts before, SeverityCounts after) {
        this(upgrades, commands, before, after, Map.of());
    }

    /** {@code 3 findings no fix yet, 1 will not fix}: the counts of {@link #unfixed} in words, in status order. */
    public static String describe(Map<FixStatus, Integer> unfixed) {
        StringBuilder s = new StringBuilder();
        EnumMap<FixStatus, Integer> sorted = new EnumMap<>(FixStatus.class);
        sorted.putAll(unfixed);
        sorted.forEach((status, n) -> {
            boolean first = s.length() == 0;
            s.append(first ? "" : ", ").append(n).append(first ? (n == 1 ? " finding " : " findings ") : " ")
                    .append(status.label());
        });
        return s.toString();
    }

    /**
     * One package upgrade.
     *
     * @param clears   the findings it clears, per level
     * @param findings the ids of the findings it clears
     */
    public record Upgrade(Package pkg, String fromVersion, String toVersion, String command, SeverityCounts clears,
            List<String> findings) {
        public Upgrade {
            findings = List.copyOf(findings);
        }
    }
}
