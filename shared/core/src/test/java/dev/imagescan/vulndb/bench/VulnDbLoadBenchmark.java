package dev.imagescan.vulndb.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One fresh-JVM measurement for bench/vulndb-load.sh: the time from a database file to a usable
 * {@link VulnDatabase} (wall, and CPU of the whole process: both threads of the load, JIT, GC), then 400 lookups as matching one image would make (150 commonly installed package names of
 * the ecosystem, past the kernels and browsers that get the most advisories, and 250 from the long tail, most of
 * which have none), first cold, then warm (median of 50 rounds). Prints one line of {@code key=value} figures.
 *
 * <p>Usage: {@code VulnDbLoadBenchmark DB [ECOSYSTEM]} (default {@code Debian:12}).
 */
public final class VulnDbLoadBenchmark {
    private static final int POPULAR = 150;
    private static final int TAIL = 250;
    private static final int WARM_ROUNDS = 300;

    private VulnDbLoadBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        String ecosystem = args.length > 1 ? args[1] : "Debian:12";
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long p0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        VulnDatabase db = VulnDatabases.load(file);
        long t1 = System.nanoTime();
        long p1 = os.getProcessCpuTime();
        byte[] artifact = Files.readAllBytes(file);

        List<String> image = image(ecosystem);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long c2 = threads.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        int entries = lookupAll(db, ecosystem, image);
        long t3 = System.nanoTime();
        long c3 = threads.getCurrentThreadCpuTime();
        long[] warm = new long[WARM_ROUNDS];
        for (int i = 0; i < WARM_ROUNDS; i++) {
            long s = System.nanoTime();
            lookupAll(db, ecosystem, image);
            warm[i] = System.nanoTime() - s;
        }
        // the last rounds, once the JIT has compiled the lookup path: their median
        long[] last = Arrays.copyOfRange(warm, WARM_ROUNDS - 50, WARM_ROUNDS);
        Arrays.sort(last);
        // compiled code, but a database that has decoded nothing yet (a fresh load in a long-lived process)
        VulnDatabase fresh = VulnDatabases.load(artifact);
        long t4 = System.nanoTime();
        lookupAll(fresh, ecosystem, image);
        long t5 = System.nanoTime();
        int hits = 0;
        for (String name : image) {
            hits += db.lookup(ecosystem, name).isEmpty() ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "load_ms=%.1f load_process_cpu_ms=%.1f lookups=%d packages_with_advisories=%d entries=%d "
                + "cold_lookups_ms=%.2f cold_lookups_cpu_ms=%.2f warm_lookups_ms=%.2f fresh_db_warm_code_ms=%.2f "
                + "advisories=%d size_bytes=%d%n",
                (t1 - t0) / 1e6, (p1 - p0) / 1e6, image.size(), hits, entries, (t3 - t2) / 1e6, (c3 - c2) / 1e6,
                last[last.length / 2] / 1e6, (t5 - t4) / 1e6, db.info().advisories(), artifact.length);
    }

    private static int lookupAll(VulnDatabase db, String ecosystem, List<String> names) {
        int entries = 0;
        for (String name : names) {
            List<PackageAdvisory> found = db.lookup(ecosystem, name);
            entries += found.size();
        }
        return entries;
    }

    /** 400 package names of one image of the ecosystem's family. */
    private static List<String> image(String ecosystem) {
        OsvCorpusGenerator.Family family = Arrays.stream(OsvCorpusGenerator.Family.values())
                .filter(f -> OsvCorpusGenerator.ecosystems(f).contains(ecosystem))
                .findFirst().orElse(OsvCorpusGenerator.Family.DEBIAN);
        return new OsvCorpusGenerator(1).imagePackages(family, POPULAR, TAIL);
    }
}
