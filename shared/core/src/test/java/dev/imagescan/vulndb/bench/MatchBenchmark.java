package dev.imagescan.vulndb.bench;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One fresh-JVM measurement for bench/vulndb-build.sh and bench/vulndb-match.sh: load a database, then match stored
 * inventories of two images per package family and build their reports — first match cold (fresh database, code not
 * yet compiled), then the median of many warm rounds, and of rounds each on a freshly loaded database so lazy decoding
 * is paid again. The images: the worst case ({@code debian}, {@code alpine}, {@code rhel}: 400 packages each, 150
 * commonly installed names and 250 from the long tail of the generated corpus, some months behind, so they collect
 * thousands of findings), and the realistic one ({@code debian-real}, {@code alpine-real}, {@code rhel-real}: the
 * package lists of real Debian 12, Alpine 3.20.3 and Enterprise Linux 9.2 images, {@link RealImages}, against the
 * advisories {@link OsvCorpusGenerator} writes about those packages, most of them fixed below the installed version).
 *
 * <p>Usage: {@code MatchBenchmark DB}. Prints one line of {@code key=value} figures per family.
 */
public final class MatchBenchmark {
    private static final int ROUNDS = 200;
    /** At least this many rounds per figure, then more while the time budget of the figure lasts, up to ROUNDS. */
    private static final int MIN_ROUNDS = 15;
    private static final long BUDGET_NANOS = 4_000_000_000L;
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    /** Rounds on a newly loaded database each (a load costs about as much CPU as hundreds of matches). */
    private static final int FRESH_DB_ROUNDS = 7;
    /** How far behind the images are: the share of each package's fixes its installed version has (system property). */
    private static final double PERCENTILE = Double.parseDouble(System.getProperty("behind.percentile", "0.9"));

    private MatchBenchmark() {}

    public static void main(String[] args) throws IOException {
        byte[] artifact = java.nio.file.Files.readAllBytes(Path.of(args[0]));
        long t0 = System.nanoTime();
        VulnDatabase db = VulnDatabases.load(artifact);
        long loadNanos = System.nanoTime() - t0;
        Clock clock = Clock.systemUTC();
        for (Image image : images(db)) {
            long c0 = System.nanoTime();
            VulnerabilityReport first = run(image.inventory(), db, clock);
            long cold = System.nanoTime() - c0;
            // untimed rounds first, so that the warm figures are of compiled code, not of the JIT at work
            for (long until = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < until; ) {
                run(image.inventory(), db, clock);
            }
            long[] warm = new long[ROUNDS];
            int warmRounds = 0;
            for (long until = System.nanoTime() + BUDGET_NANOS; warmRounds < ROUNDS
                    && (warmRounds < MIN_ROUNDS || System.nanoTime() < until); warmRounds++) {
                long s = System.nanoTime();
                run(image.inventory(), db, clock);
                warm[warmRounds] = System.nanoTime() - s;
            }
            long[] warmFreshDb = new long[FRESH_DB_ROUNDS];
            for (int i = 0; i < warmFreshDb.length; i++) {
                VulnDatabase fresh = VulnDatabases.load(artifact);
                long s = System.nanoTime();
                run(image.inventory(), fresh, clock);
                warmFreshDb[i] = System.nanoTime() - s;
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] matchOnly = new long[ROUNDS / 4];
            long[] matchOnlyCpu = new long[ROUNDS / 4];
            long[] lookupOnly = new long[ROUNDS / 4];
            int matchRounds = 0;
            for (long until = System.nanoTime() + BUDGET_NANOS; matchRounds < matchOnly.length
                    && (matchRounds < MIN_ROUNDS || System.nanoTime() < until); matchRounds++) {
                int i = matchRounds;
                long cpu = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                new Matcher(clock).match(image.inventory(), db);
                matchOnly[i] = System.nanoTime() - s;
                matchOnlyCpu[i] = threads.getCurrentThreadCpuTime() - cpu;
                s = System.nanoTime();
                for (Package p : image.inventory().packages()) {
                    for (String e : db.ecosystems()) {
                        if (e.startsWith(image.ecosystemPrefix())) {
                            db.lookup(e, p.name());
                        }
                    }
                }
                lookupOnly[i] = System.nanoTime() - s;
            }
            warm = Arrays.copyOf(warm, warmRounds);
            matchOnly = Arrays.copyOf(matchOnly, matchRounds);
            matchOnlyCpu = Arrays.copyOf(matchOnlyCpu, matchRounds);
            lookupOnly = Arrays.copyOf(lookupOnly, matchRounds);
            System.out.printf(Locale.ROOT, "family=%s packages=%d findings=%d load_ms=%.1f first_match_ms=%.2f "
                    + "warm_match_and_report_ms=%.3f warm_code_fresh_db_ms=%.3f match_only_ms=%.3f "
                    + "match_only_cpu_ms=%.3f lookups_only_ms=%.3f%n", image.name(),
                    image.inventory().packages().size(), first.findings().size(), loadNanos / 1e6, cold / 1e6,
                    median(warm) / 1e6, median(warmFreshDb) / 1e6, median(matchOnly) / 1e6, median(matchOnlyCpu) / 1e6, median(lookupOnly) / 1e6);
        }
    }

    private static VulnerabilityReport run(Inventory inv, VulnDatabase db, Clock clock) {
        MatchResult result = new Matcher(clock).match(inv, db);
        return new ReportBuilder(clock).build(inv, result, db.info(), ReportFilter.ALL);
    }

    private record Image(String name, Inventory inventory, String ecosystemPrefix) {}

    private static List<Image> images(VulnDatabase db) {
        OsvCorpusGenerator gen = new OsvCorpusGenerator(1);
        OperatingSystem debian = new OperatingSystem("debian", "12.7", "Debian 12", false, null);
        OperatingSystem alpine = new OperatingSystem("alpine", "3.20.3", "Alpine", false, null);
        OperatingSystem rhel = new OperatingSystem("rhel", "9.4", "RHEL 9.4", false, null);
        List<Image> images = new ArrayList<>();
        // realistic: the real images' packages and versions, against the advisories written about them (mostly fixed)
        images.add(new Image("debian-real", real(debian, PackageType.DEB, OsvCorpusGenerator.Family.DEBIAN),
                "Debian:12"));
        images.add(new Image("alpine-real", real(alpine, PackageType.APK, OsvCorpusGenerator.Family.ALPINE),
                "Alpine:v3.20"));
        images.add(new Image("rhel-real", real(new OperatingSystem("rhel", "9.2", "RHEL 9.2", false, null),
                PackageType.RPM, OsvCorpusGenerator.Family.RED_HAT), "Red Hat:enterprise_linux:9"));
        // the worst case: the corpus's most advised packages, some months behind
        images.add(new Image("debian", inventory(debian, PackageType.DEB,
                gen.imagePackages(OsvCorpusGenerator.Family.DEBIAN, 150, 250), "Debian:12", db), "Debian:12"));
        images.add(new Image("alpine", inventory(alpine, PackageType.APK,
                gen.imagePackages(OsvCorpusGenerator.Family.ALPINE, 150, 250), "Alpine:v3.20", db), "Alpine:v3.20"));
        images.add(new Image("rhel", inventory(rhel, PackageType.RPM,
                gen.imagePackages(OsvCorpusGenerator.Family.RED_HAT, 150, 250), "Red Hat:enterprise_linux:9::baseos",
                db), "Red Hat:enterprise_linux:9"));
        return images;
    }

    /** The packages of the family's real image ({@link RealImages}) at their installed versions. */
    private static Inventory real(OperatingSystem os, PackageType type, OsvCorpusGenerator.Family family) {
        List<Package> packages = new ArrayList<>();
        for (RealImages.Installed p : RealImages.of(family)) {
            packages.add(new Package(type, p.name(), p.version(), p.arch(),
                    new SourcePackage(p.sourceName(), p.sourceVersion()),
                    "pkg:" + type.purlType() + "/x/" + p.name() + "@" + p.version(), new LayerRef(0, "sha256:0"), null));
        }
        return new Inventory(new ImageSummary("bench", "oci-archive", null, null, "sha256:0", List.of(), List.of()),
                os, packages, List.of(), List.of());
    }

    /**
     * An image some months behind: each package is installed at the version that the 90th percentile of its
     * advisories' fixes reaches, so the newest tenth of its advisories still affect it (a package with none gets
     * {@code 1.0}).
     */
    private static Inventory inventory(OperatingSystem os, PackageType type, List<String> names, String ecosystem,
            VulnDatabase db) {
        dev.imagescan.version.VersionComparator cmp = dev.imagescan.version.VersionComparators.forPackageType(type.purlType());
        List<Package> packages = new ArrayList<>();
        for (String name : names) {
            List<String> fixes = new ArrayList<>();
            for (dev.imagescan.vulndb.PackageAdvisory a : db.lookup(ecosystem, name)) {
                a.affected().ranges().forEach(r -> r.events().stream()
                        .filter(e -> e.type() == dev.imagescan.vulndb.RangeEvent.Type.FIXED)
                        .forEach(e -> fixes.add(e.version())));
            }
            fixes.sort(cmp);
            String version = fixes.isEmpty() ? "1.0" : fixes.get(Math.min(fixes.size() - 1, (int) (fixes.size() * PERCENTILE)));
            packages.add(new Package(type, name, version, "x86_64", new SourcePackage(name, version),
                    "pkg:" + type.purlType() + "/x/" + name + "@" + version, new LayerRef(0, "sha256:0"), null));
        }
        return new Inventory(new ImageSummary("bench", "oci-archive", null, null, "sha256:0", List.of(), List.of()),
                os, packages, List.of(), List.of());
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
