package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import java.util.List;

/**
 * The fewest package upgrades that clear every fixable finding: one upgrade per affected package, to the version
 * that fixes all of its findings, checked against every advisory at that version.
 *
 * @param upgrades  one per package, by package name
 * @param commands  one command per package type that performs every upgrade at once
 * @param before    the counts per level now
 * @param after     the counts per level once every upgrade is applied (what remains has no fix yet)
 */
public record FixPlan(List<Upgrade> upgrades, List<String> commands, SeverityCounts before, SeverityCounts after) {
    public FixPlan {
        upgrades = List.copyOf(upgrades);
        commands = List.copyOf(commands);
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
