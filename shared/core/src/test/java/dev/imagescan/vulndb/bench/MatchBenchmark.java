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
 * One fresh-JVM measurement for bench/vulndb-match.sh: load a database, then match stored inventories of one
 * image per package family (400 packages each: 150 commonly installed names and 250 from the long tail, as
 * {@link VulnDbLoadBenchmark} picks them) and build their reports — first match cold (fresh database, code not yet
 * compiled), then the median of many warm rounds, each on a freshly loaded database so lazy decoding is paid again.
 *
 * <p>Usage: {@code MatchBenchmark DB}. Prints one line of {@code key=value} figures per family.
 */
public final class MatchBenchmark {
    private static final int ROUNDS = 200;
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
            long[] warm = new long[ROUNDS];
            long[] warmFreshDb = new long[ROUNDS / 4];
            for (int i = 0; i < ROUNDS; i++) {
                long s = System.nanoTime();
                run(image.inventory(), db, clock);
                warm[i] = System.nanoTime() - s;
            }
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
            for (int i = 0; i < matchOnly.length; i++) {
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
        List<Image> images = new ArrayList<>();
        images.add(new Image("debian", inventory(new OperatingSystem("debian", "12.7", "Debian 12", false, null),
                PackageType.DEB, gen.imagePackages(OsvCorpusGenerator.Family.DEBIAN, 150, 250), "Debian:12", db), "Debian:12"));
        images.add(new Image("alpine", inventory(new OperatingSystem("alpine", "3.20.3", "Alpine", false, null),
                PackageType.APK, gen.imagePackages(OsvCorpusGenerator.Family.ALPINE, 150, 250), "Alpine:v3.20", db), "Alpine:v3.20"));
        images.add(new Image("rhel", inventory(new OperatingSystem("rhel", "9.4", "RHEL 9.4", false, null),
                PackageType.RPM, gen.imagePackages(OsvCorpusGenerator.Family.RED_HAT, 150, 250), "Red Hat:enterprise_linux:9::baseos", db),
                "Red Hat:enterprise_linux:9"));
        return images;
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
