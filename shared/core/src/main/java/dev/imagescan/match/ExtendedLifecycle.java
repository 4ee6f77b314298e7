package dev.imagescan.match;

import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.PackageAdvisory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Red Hat's Extended Life-cycle Support (ELS) streams ({@code cpe:/o:redhat:rhel_els:5} in Red Hat's CSAF/VEX,
 * ecosystem {@code Red Hat:rhel_els:5}; the repository {@code rhel-5-server-els-rpms}), for an image that is not on
 * them: a RHEL 5 or CentOS 5 image without content manifests, or whose content sets name no ELS repository. Such an
 * image gets the release's main streams ({@code 5Client}, {@code 5Server}); a vulnerability those streams say nothing
 * of but an ELS stream fixes is neither a plain fix (the fix is only in the ELS add-on's repositories) nor dropped
 * (the package is vulnerable): it is reported as {@link FixStatus#OUT_OF_SUPPORT} — the main stream gets no fix — and
 * the coverage names the ELS fix, as vunnel (anchore) does: its RHEL provider infers, for a package only an ELS
 * stream has data for, a "won't fix" record in the main stream ({@code rhel:5}) and keeps the ELS fix in its own
 * namespace ({@code rhel:5+els}). What the main streams say of a vulnerability (a fix, or why there is none) wins.
 * An image whose content sets name an ELS repository is on ELS: its streams include the ELS stream, whose fixes
 * are then plain fixes, and this class stays out of the way.
 */
final class ExtendedLifecycle {
    static final String PREFIX = RedHatStreams.ECOSYSTEM_PREFIX + "rhel_els:";
    private static final String MAIN = RedHatStreams.ECOSYSTEM_PREFIX + "enterprise_linux:";
    /** The ELS fixes the coverage message names one by one; the others are counted. */
    static final int MAX_NAMED = 20;
    private static final ExtendedLifecycle NONE = new ExtendedLifecycle("", List.of());

    private final String major;
    private final List<String> streams;

    private ExtendedLifecycle(String major, List<String> streams) {
        this.major = major;
        this.streams = List.copyOf(streams);
    }

    /**
     * The ELS streams of {@code available} for the Red Hat release {@code coverage} asks for ({@code Red
     * Hat:enterprise_linux:5}), unless the coverage's streams already hold one; none for any other coverage.
     */
    static ExtendedLifecycle of(Coverage coverage, Set<String> available) {
        String label = coverage.ecosystem();
        if (label == null || !label.startsWith(MAIN) || coverage.ecosystems().isEmpty()) {
            return NONE;
        }
        String major = label.substring(MAIN.length());
        if (major.isEmpty() || major.contains(":")) {
            return NONE;
        }
        List<String> streams = new ArrayList<>();
        for (String e : available) {
            if (e.equals(PREFIX + major) || e.startsWith(PREFIX + major + ":")) {
                if (coverage.ecosystems().contains(e)) {
                    return NONE; // the image is on ELS: its fixes are plain fixes
                }
                streams.add(e);
            }
        }
        streams.sort(null);
        return streams.isEmpty() ? NONE : new ExtendedLifecycle(major, streams);
    }

    /** The ELS streams consulted; empty when none are. */
    List<String> streams() {
        return streams;
    }

    /**
     * {@code main}, the vulnerabilities the image's own streams find, with those only the ELS streams find
     * ({@code els}, asked only when there are ELS streams) added as out of support, without a fix.
     */
    List<Matcher.Found> apply(List<Matcher.Found> main, Supplier<List<Matcher.Found>> els) {
        if (streams.isEmpty()) {
            return main;
        }
        Map<String, Matcher.Found> all = new LinkedHashMap<>();
        main.forEach(f -> all.put(f.id, f));
        boolean added = false;
        for (Matcher.Found f : els.get()) {
            if (all.containsKey(f.id)) {
                continue; // the main streams decide
            }
            Matcher.Found outOfSupport = new Matcher.Found(f.id);
            outOfSupport.advisories.addAll(f.advisories);
            outOfSupport.unfixed = true;
            outOfSupport.unfixedStatus = FixStatus.OUT_OF_SUPPORT;
            all.put(f.id, outOfSupport);
            added = true;
        }
        if (!added) {
            return main;
        }
        List<Matcher.Found> sorted = new ArrayList<>(all.values());
        sorted.sort((a, b) -> a.id.compareTo(b.id));
        return sorted;
    }

    /**
     * {@code coverage} with the ELS streams among its ecosystems and, when some matches have a fix only there, a
     * sentence naming each (vulnerability, package, ELS fix) and what it takes to get it.
     */
    Coverage noted(Coverage coverage, List<Match> matches) {
        if (streams.isEmpty()) {
            return coverage;
        }
        List<String> ecosystems = new ArrayList<>(coverage.ecosystems());
        ecosystems.addAll(streams);
        List<String> fixes = new ArrayList<>();
        for (Match m : matches) {
            String fix = m.status() == FixStatus.OUT_OF_SUPPORT ? fixIn(m) : null;
            if (fix != null) {
                fixes.add(m.vulnerabilityId() + " in " + m.pkg().name() + " (fixed in " + fix + ")");
            }
        }
        String message = coverage.message();
        if (!fixes.isEmpty()) {
            String named = String.join(", ", fixes.subList(0, Math.min(fixes.size(), MAX_NAMED)))
                    + (fixes.size() > MAX_NAMED ? " and " + (fixes.size() - MAX_NAMED) + " more" : "");
            String note = fixes.size() + (fixes.size() == 1 ? " vulnerability has" : " vulnerabilities have")
                    + " a fix only in Red Hat Enterprise Linux " + major + " Extended Life-cycle Support (ELS), "
                    + "which needs Red Hat's ELS add-on subscription and its repositories (rhel-" + major
                    + "-server-els-rpms); reported as out of support: " + named + ".";
            message = message == null ? note : message + " " + note;
        }
        return new Coverage(coverage.status(), coverage.ecosystem(), ecosystems, coverage.endOfLife(),
                coverage.eolReached(), message);
    }

    /** The highest fixed version an ELS stream's advisory of {@code m} gives its package; null when none does. */
    private String fixIn(Match m) {
        VersionComparator cmp = VersionComparators.forPackageType(m.pkg().type().purlType());
        String best = null;
        for (PackageAdvisory a : m.advisories()) {
            if (!streams.contains(a.affected().ecosystem())) {
                continue;
            }
            RangeVerdict v = AffectedRanges.evaluate(a.affected(), m.matchedVersion(), cmp);
            if (v.affected() && v.fixedVersion() != null
                    && (best == null || cmp.compare(v.fixedVersion(), best) > 0)) {
                best = v.fixedVersion();
            }
        }
        return best;
    }
}
