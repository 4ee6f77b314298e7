package dev.imagescan.match;

import dev.imagescan.distro.Distributions;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.VulnDatabase;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches the OS packages of an inventory against a database (and its application packages through
 * {@link ApplicationMatcher}), the way each distribution publishes advisories:
 * Debian and Ubuntu advisories name the source package and its version; Alpine's name the origin package (whose
 * version every subpackage shares); rpm distributions' name the binary package with its epoch:version-release.
 * Versions are compared with the package manager's own ordering. Never a fuzzy or CPE match.
 *
 * <p>Advisories about the same vulnerability (a DSA and the DEBIAN-CVE record of one of its CVEs, say) become one
 * {@link Match} per package; an advisory that bundles several CVEs contributes to each of them. A published DSA/DLA's
 * fix wins over a Debian per-CVE record's "no fix" ({@link DebianUpdates}).
 */
public final class Matcher {
    private static final Comparator<Package> BY_NAME_AND_ARCH = (a, b) -> {
        int c = a.name().compareTo(b.name());
        return c != 0 ? c : String.valueOf(a.arch()).compareTo(String.valueOf(b.arch()));
    };
    private final Clock clock;

    public Matcher(Clock clock) {
        this.clock = clock;
    }

    public MatchResult match(Inventory inventory, VulnDatabase db) {
        Coverage coverage = coverage(inventory.os(), db);
        List<Match> apps = ApplicationMatcher.match(inventory.packages(), db);
        if (coverage.ecosystems().isEmpty()) {
            return new MatchResult(coverage, apps);
        }
        List<Match> matches = new ArrayList<>();
        // binaries of one source package ask the same question: answer it once
        Map<String, List<Found>> bySource = new HashMap<>();
        // packages by name and arch, each one's vulnerabilities by id: the matches come out sorted
        List<Package> packages = new ArrayList<>(inventory.packages());
        packages.sort(BY_NAME_AND_ARCH);
        // Red Hat: each package against the streams of its own layer's content sets (RedHatStreams.ByLayer)
        RedHatStreams.ByLayer layers = RedHatStreams.byLayer(inventory.os(), coverage, db);
        // Red Hat ELS: a fix only an ELS stream has is reported as out of support, and named (ExtendedLifecycle)
        ExtendedLifecycle els = ExtendedLifecycle.of(coverage, db.ecosystems());
        for (Package p : packages) {
            if (!p.type().isOs()) {
                continue; // application packages: ApplicationMatcher
            }
            VersionComparator cmp = VersionComparators.forPackageType(p.type().purlType());
            String name = lookupName(p);
            String version = lookupVersion(p);
            String arch = p.type() == PackageType.RPM ? p.arch() : null; // Oracle's per-arch fixes
            List<String> redHatNames = RedHatPackages.alsoAsked(p);
            int streams = layers == null ? 0 : layers.group(p);
            List<String> ecosystems = layers == null ? coverage.ecosystems() : layers.ecosystems(streams);
            List<Found> found = bySource.computeIfAbsent(
                    p.type() + "\u0000" + name + "\u0000" + version + "\u0000" + arch + "\u0000" + redHatNames
                            + "\u0000" + streams,
                    k -> els.apply(find(db, ecosystems, name, redHatNames, version, arch, cmp),
                            () -> find(db, els.streams(), name, redHatNames, version, arch, cmp)));
            for (Found f : found) {
                matches.add(new Match(f.id, p, f.advisories, name, version, f.unfixed() ? null : f.fix,
                        db.signals(f.id).orElse(null), f.status()));
            }
        }
        matches.addAll(apps);
        return new MatchResult(els.noted(coverage, matches), matches);
    }

    /** What the database can say for this OS, at this matcher's clock. */
    public Coverage coverage(OperatingSystem os, VulnDatabase db) {
        Optional<Ecosystems.Wanted> wanted = Ecosystems.forOs(os);
        Optional<LocalDate> eol = os == null ? Optional.empty()
                : Distributions.forId(os.family()).flatMap(d -> d.endOfLife(os.version()));
        boolean reached = eol.map(d -> !LocalDate.now(clock).isBefore(d)).orElse(false);
        String eolNote = reached
                ? " " + os.describe() + " reached the end of its security support on " + eol.get()
                        + "; its packages get no more fixes and advisories may be incomplete."
                : "";
        if (wanted.isEmpty()) {
            String what = os == null || !os.isKnown() ? "the image's OS could not be identified"
                    : os.describe() + " is not an OS whose advisories this scanner reads";
            return new Coverage(Coverage.Status.UNSUPPORTED_OS, null, List.of(), eol.orElse(null), reached,
                    what + ", so no OS package vulnerabilities can be reported." + eolNote);
        }
        List<String> ecosystems = wanted.get().in(db.ecosystems());
        String rhelNote = null;
        Optional<Ecosystems.Wanted> rhel = Ecosystems.redHatFor(os);
        if (ecosystems.isEmpty() && rhel.isPresent() && !rhel.get().label().equals(wanted.get().label())) {
            List<String> fallback = rhel.get().in(db.ecosystems());
            if (!fallback.isEmpty()) { // a rebuild of RHEL whose own advisories the database does not hold
                ecosystems = fallback;
                rhelNote = os.describe() + " is matched against Red Hat Enterprise Linux's advisories ("
                        + rhel.get().label() + "), as the database holds none of its own (" + wanted.get().label()
                        + ").";
                wanted = rhel;
            }
        } else if (!ecosystems.isEmpty() && rhel.isPresent() && rhel.get().label().equals(wanted.get().label())
                && !"rhel".equalsIgnoreCase(os.family())) {
            rhelNote = os.describe() + " is matched against Red Hat Enterprise Linux's advisories ("
                    + wanted.get().label() + "), from whose sources it is rebuilt.";
        }
        String streamsNote = null;
        if (!ecosystems.isEmpty() && rhel.isPresent() && rhel.get().label().equals(wanted.get().label())) {
            String major = Distributions.forId("rhel").flatMap(d -> d.releaseScheme().release(os.version()))
                    .orElse("");
            RedHatStreams.Chosen streams = RedHatStreams.choose(os, major, db);
            if (!streams.cpes().isEmpty()) { // the image's product streams, as Red Hat's mapping gives them
                ecosystems = RedHatStreams.ecosystems(db.ecosystems(), streams.cpes());
            } else if (streams.fromManifests()) {
                streamsNote = "The image's content sets (" + String.join(", ", streams.contentSets())
                        + ") are not in the database's repository-to-CPE mapping, so the advisories of every "
                        + wanted.get().label() + " stream are used.";
            }
        }
        if (ecosystems.isEmpty()) {
            return new Coverage(Coverage.Status.NO_DATA, wanted.get().label(), List.of(), eol.orElse(null), reached,
                    "the vulnerability database holds no advisories for " + wanted.get().label()
                            + ", so no OS package vulnerabilities can be reported." + eolNote);
        }
        String message = rhelNote == null ? (reached ? eolNote.strip() : null) : rhelNote + eolNote;
        if (streamsNote != null) {
            message = message == null ? streamsNote : message + " " + streamsNote;
        }
        return new Coverage(Coverage.Status.COVERED, wanted.get().label(), ecosystems, eol.orElse(null), reached,
                message);
    }

    static String lookupName(Package p) {
        if (p.type() == PackageType.RPM || p.source() == null || p.source().name() == null) {
            return p.name();
        }
        return p.source().name();
    }

    static String lookupVersion(Package p) {
        if (p.type() == PackageType.DEB && p.source() != null && p.source().version() != null) {
            return p.source().version();
        }
        return p.version();
    }

    /** A vulnerability found for one (name, version): its advisories and the fix that clears them all. */
    static final class Found {
        final String id;
        final List<PackageAdvisory> advisories = new ArrayList<>();
        String fix;
        boolean unfixed;
        /** Debian per-CVE records name no fix; a published DSA/DLA's fix wins over them ({@link DebianUpdates}). */
        boolean unfixedUnlessPublished;
        boolean publishedFix;
        /** Of the entries that name no fix for the version, the status that wins; null while there is none. */
        FixStatus unfixedStatus;

        Found(String id) {
            this.id = id;
        }

        /** Whether no fix clears the vulnerability for the version. */
        boolean unfixed() {
            return unfixed || unfixedUnlessPublished && !publishedFix;
        }

        /** Whether only Debian per-CVE records, which yield to a published update's fix, found it, naming no fix. */
        boolean onlyPerCveRecordsOpen() {
            return !unfixed && unfixedUnlessPublished && !publishedFix && fix == null;
        }

        /** The vulnerability's fix status for the version: fixed, or why not. */
        FixStatus status() {
            return unfixed() ? unfixedStatus : FixStatus.FIXED;
        }

        void add(PackageAdvisory a, RangeVerdict v, VersionComparator cmp) {
            for (PackageAdvisory existing : advisories) {
                if (existing.advisory().id().equals(a.advisory().id())) {
                    merge(a, v, cmp);
                    return;
                }
            }
            advisories.add(a);
            merge(a, v, cmp);
        }

        private void merge(PackageAdvisory a, RangeVerdict v, VersionComparator cmp) {
            if (v.fixedVersion() == null) {
                if (DebianUpdates.yieldsToPublishedFix(a)) {
                    unfixedUnlessPublished = true;
                } else {
                    unfixed = true;
                }
                unfixedStatus = FixStatus.precedence(unfixedStatus, a.affected().unfixed());
            } else {
                if (fix == null || cmp.compare(v.fixedVersion(), fix) > 0) {
                    fix = v.fixedVersion();
                }
                publishedFix |= DebianUpdates.isPublishedUpdate(a);
            }
        }
    }

    static List<Found> find(VulnDatabase db, List<String> ecosystems, String name, String version,
            String arch, VersionComparator cmp) {
        return find(db, ecosystems, name, List.of(), version, arch, cmp);
    }

    /**
     * The vulnerabilities of {@code name} at {@code version}; in Red Hat's ecosystems also those filed under
     * {@code redHatNames} ({@link RedHatPackages}: the package's module stream name and its source package).
     */
    static List<Found> find(VulnDatabase db, List<String> ecosystems, String name, List<String> redHatNames,
            String version, String arch, VersionComparator cmp) {
        Map<String, Found> found = new HashMap<>();
        // Debian entries that leave the version unaffected: a DSA/DLA among them may have fixed what a per-CVE
        // record still calls open (DebianUpdates); looked at only when such a record matched
        List<PackageAdvisory> debianUnaffected = new ArrayList<>();
        Set<String> decidedByEsm = new HashSet<>(); // what an ESM pocket says replaces the release's word (EsmPockets)
        for (String ecosystem : EsmPockets.first(ecosystems)) {
            if (!PackageFlavors.applies(ecosystem, version, arch)) {
                continue; // an Oracle ksplice or FIPS build is fixed by its own errata, and only by them
            }
            boolean esm = EsmPockets.supersedes(ecosystem);
            boolean debian = DebianUpdates.isDebian(ecosystem);
            boolean redHat = !redHatNames.isEmpty() && ecosystem.startsWith(RedHatPackages.ECOSYSTEM_PREFIX);
            List<String> names = redHat ? redHatNames : List.of(name);
            for (String asked : names) {
                for (PackageAdvisory a : db.lookup(ecosystem, asked)) {
                    // the ids only when they are needed: most entries leave the version unaffected
                    List<String> ids = esm ? vulnerabilityIds(a.advisory()) : null;
                    if (esm) {
                        decidedByEsm.addAll(ids);
                    }
                    RangeVerdict v = AffectedRanges.evaluate(a.affected(), version, cmp);
                    if (!v.affected()) {
                        if (debian) {
                            debianUnaffected.add(a);
                        }
                        continue;
                    }
                    if (ids == null) {
                        ids = vulnerabilityIds(a.advisory());
                    }
                    for (String id : ids) {
                        if (esm || !decidedByEsm.contains(id)) {
                            found.computeIfAbsent(id, Found::new).add(a, v, cmp);
                        }
                    }
                }
            }
        }
        // only a Debian per-CVE record says "no fix", and a published update already fixed the version: not affected
        if (found.values().stream().anyMatch(Found::onlyPerCveRecordsOpen)) {
            Set<String> fixedByPublished = new HashSet<>(); // a DSA/DLA whose fix the version already has
            for (PackageAdvisory a : debianUnaffected) {
                if (DebianUpdates.fixedAtOrBelow(a, version, cmp)) {
                    fixedByPublished.addAll(vulnerabilityIds(a.advisory()));
                }
            }
            found.values().removeIf(f -> f.onlyPerCveRecordsOpen() && fixedByPublished.contains(f.id));
        }
        List<Found> sorted = new ArrayList<>(found.values());
        sorted.sort((a, b) -> a.id.compareTo(b.id));
        for (Found f : sorted) {
            if (f.advisories.size() > 1) {
                f.advisories.sort(Comparator.comparing(x -> x.advisory().id()));
            }
        }
        return sorted;
    }

    /** The CVE ids an advisory is about; its own id when it names none. */
    static List<String> vulnerabilityIds(Advisory a) {
        List<String> cves = new ArrayList<>();
        addCve(cves, a.id());
        for (String alias : a.aliases()) {
            addCve(cves, alias);
        }
        return cves.isEmpty() ? List.of(a.id()) : cves;
    }

    private static void addCve(List<String> cves, String id) {
        String cve = cveOf(id);
        if (cve != null && !cves.contains(cve)) {
            cves.add(cve);
        }
    }

    /**
     * {@code CVE-2024-1}, and the distributions' per-CVE records {@code DEBIAN-CVE-2024-1}, {@code ALPINE-CVE-2024-1},
     * {@code ALPINE-SECDB-CVE-2024-1}.
     */
    static String cveOf(String id) {
        if (isCve(id, 0)) {
            return id;
        }
        int at = id.indexOf("-CVE-");
        if (at <= 0 || !isCve(id, at + 1)) {
            return null;
        }
        for (int i = 0; i < at; i++) {
            char c = id.charAt(i);
            if ((c < 'A' || c > 'Z') && (c != '-' || i == 0)) {
                return null;
            }
        }
        return id.substring(at + 1);
    }

    /** {@code CVE-dddd-d…} (1 to 12 digits) from {@code from} to the end; by hand, as it runs for every entry. */
    private static boolean isCve(String s, int from) {
        int n = s.length() - from;
        if (n < 10 || n > 21 || !s.startsWith("CVE-", from) || s.charAt(from + 8) != '-') {
            return false;
        }
        for (int i = from + 4; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i != from + 8 && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
