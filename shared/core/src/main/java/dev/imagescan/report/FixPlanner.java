package dev.imagescan.report;

import dev.imagescan.distro.Distributions;
import dev.imagescan.distro.PackageManager;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.match.AffectedRanges;
import dev.imagescan.match.Match;
import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.PackageAdvisory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out the {@link FixPlan}: for each package with a fixable finding, the highest of its findings' fixed
 * versions; then every finding of that package is checked again, against every one of its advisories, at that
 * version, and only those no advisory still calls affected count as cleared.
 */
final class FixPlanner {
    private FixPlanner() {}

    /** A finding with the match it came from. */
    record Pair(Finding finding, Match match) {}

    /** The plan for the {@code shown} findings on {@code os}, whose package managers the commands are written for. */
    static FixPlan plan(List<Pair> shown, OperatingSystem os) {
        Map<Package, List<Pair>> byPackage = new LinkedHashMap<>();
        for (Pair p : shown) {
            byPackage.computeIfAbsent(p.finding().pkg(), k -> new ArrayList<>()).add(p);
        }
        List<Finding> remaining = new ArrayList<>();
        List<FixPlan.Upgrade> upgrades = new ArrayList<>();
        Map<FixPlan.Upgrade, Finding> riskiest = new IdentityHashMap<>();
        for (Map.Entry<Package, List<Pair>> e : byPackage.entrySet()) {
            Package pkg = e.getKey();
            VersionComparator cmp = VersionComparators.forPackageType(pkg.type().purlType());
            String target = null;
            for (Pair p : e.getValue()) {
                String fix = p.finding().fixedVersion();
                if (fix != null && (target == null || cmp.compare(fix, target) > 0)) {
                    target = fix;
                }
            }
            List<Finding> cleared = new ArrayList<>();
            for (Pair p : e.getValue()) {
                if (target != null && clearedAt(p.match(), target, cmp)) {
                    cleared.add(p.finding());
                } else {
                    remaining.add(p.finding());
                }
            }
            if (!cleared.isEmpty()) {
                FixPlan.Upgrade upgrade = new FixPlan.Upgrade(pkg, pkg.version(), target, pkg.app() != null
                        ? AppRemediation.command(pkg, target)
                        : Distributions.packageManager(os, pkg.type()).command(pkg, target),
                        SeverityCounts.of(cleared), cleared.stream().map(Finding::id).toList());
                upgrades.add(upgrade);
                riskiest.put(upgrade, cleared.stream().min(ReportBuilder.ORDER).orElseThrow());
            }
        }
        // riskiest first: the upgrade clearing the most severe, then the riskiest (KEV, EPSS, CVSS), finding
        upgrades.sort(Comparator.comparing((FixPlan.Upgrade u) -> riskiest.get(u), (a, b) -> {
            int c = a.level().compareTo(b.level());
            return c != 0 ? c : ReportBuilder.compareRisk(a, b);
        })
                .thenComparing(u -> u.pkg().name())
                .thenComparing(u -> String.valueOf(u.pkg().arch())));
        // one command per package manager; the same package name for two architectures is named once
        Map<PackageManager, Set<String>> byManager = new LinkedHashMap<>();
        List<AppRemediation.Upgrade> appUpgrades = new ArrayList<>();
        List<FixPlan.Upgrade> byName = new ArrayList<>(upgrades);
        byName.sort(Comparator.comparing((FixPlan.Upgrade u) -> u.pkg().name())
                .thenComparing(u -> String.valueOf(u.pkg().arch())));
        for (FixPlan.Upgrade u : byName) { // the commands name packages alphabetically, whatever the plan's order
            if (u.pkg().app() != null) {
                appUpgrades.add(new AppRemediation.Upgrade(u.pkg(), u.toVersion()));
                continue;
            }
            PackageManager manager = Distributions.packageManager(os, u.pkg().type());
            byManager.computeIfAbsent(manager, k -> new LinkedHashSet<>()).add(manager.argument(u.pkg(), u.toVersion()));
        }
        List<String> commands = new ArrayList<>(byManager.entrySet().stream()
                .map(e -> e.getKey().command(List.copyOf(e.getValue()))).toList());
        // then one per application: the upgrades grouped where each is declared
        commands.addAll(AppRemediation.commands(appUpgrades));
        Map<FixStatus, Integer> unfixed = new EnumMap<>(FixStatus.class);
        for (Pair p : shown) {
            if (!p.finding().fixable()) {
                unfixed.merge(p.finding().status(), 1, Integer::sum);
            }
        }
        return new FixPlan(upgrades, commands, SeverityCounts.of(shown.stream().map(Pair::finding).toList()),
                SeverityCounts.of(remaining), unfixed);
    }

    private static boolean clearedAt(Match m, String version, VersionComparator cmp) {
        for (PackageAdvisory a : m.advisories()) {
            if (AffectedRanges.evaluate(a.affected(), version, cmp).affected()) {
                return false;
            }
        }
        return true;
    }
}
