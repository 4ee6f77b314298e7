package dev.imagescan.match;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.VulnDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches the application packages of an inventory (Maven, npm, PyPI, Go, RubyGems, NuGet, Packagist, crates.io)
 * against the advisories of their OSV ecosystem, each in its own version order ({@link VersionComparators}): the
 * package's name as the ecosystem spells it ({@code group:artifact}, {@code @scope/name}, the PEP 503 name, the
 * module path or {@code stdlib}, the gem, NuGet id, {@code vendor/name} or crate) and its installed version.
 * Whatever the image's OS, and whether or not its OS is covered. A Maven package known only from a manifest without
 * a group is not matched: no Maven advisory can name it; nor is a Composer package installed from a branch
 * ({@code dev-main}), which has no place in the order of released versions.
 */
final class ApplicationMatcher {
    private ApplicationMatcher() {}

    static List<Match> match(List<Package> packages, VulnDatabase db) {
        Set<String> available = db.ecosystems();
        List<Package> apps = new ArrayList<>();
        for (Package p : packages) {
            if (!p.type().isOs() && available.contains(p.type().osvEcosystem()) && matchable(p)) {
                apps.add(p);
            }
        }
        apps.sort(Comparator.comparing((Package p) -> p.type().name()).thenComparing(Package::name)
                .thenComparing(p -> p.app() == null ? "" : p.app().path()));
        Map<String, List<Matcher.Found>> asked = new HashMap<>();
        List<Match> matches = new ArrayList<>();
        for (Package p : apps) {
            String ecosystem = p.type().osvEcosystem();
            VersionComparator cmp = VersionComparators.forPackageType(p.type().purlType());
            List<Matcher.Found> found = asked.computeIfAbsent(ecosystem + "\u0000" + p.name() + "\u0000" + p.version(),
                    k -> Matcher.find(db, List.of(ecosystem), p.name(), p.version(), null, cmp));
            for (Matcher.Found f : found) {
                matches.add(new Match(f.id, p, f.advisories, p.name(), p.version(), f.unfixed ? null : f.fix, null,
                        f.status()));
            }
        }
        return matches;
    }

    private static boolean matchable(Package p) {
        return switch (p.type()) {
            case MAVEN -> p.name().indexOf(':') > 0;
            case COMPOSER -> !p.version().regionMatches(true, 0, "dev-", 0, 4);
            default -> true;
        };
    }
}
