package dev.imagescan.analyzer.rpm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark entry point (not a unit test): reads the largest fixture database of each backend over and over in
 * one JVM, after a warm-up, and prints packages per second. Run it with {@code bench/rpmdb-read.sh [seconds]}.
 */
public final class RpmReadBenchmark {

    private record Case(String format, String fixture) {
    }

    private static final List<Case> CASES = List.of(
            new Case("bdb", "bdb-mariner2-le-4096/Packages"),
            new Case("bdb (512-byte pages)", "generated/bdb-le-512/Packages"),
            new Case("ndb", "ndb-sle15-bci/Packages.db"),
            new Case("sqlite", "sqlite-mariner2/rpmdb.sqlite"));

    private RpmReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        System.out.printf(Locale.ROOT, "%-22s %9s %10s %8s %12s %10s%n", "format", "packages", "file MB", "reads",
                "ms/read", "pkgs/s");
        for (Case c : CASES) {
            Path file = RpmFixtures.resource(c.fixture());
            run(file, seconds / 2); // warm-up
            Result r = run(file, seconds);
            System.out.printf(Locale.ROOT, "%-22s %9d %10.2f %8d %12.3f %10.0f%n", c.format(), r.packages,
                    Files.size(file) / 1e6, r.reads, r.nanos / 1e6 / r.reads, r.packages * r.reads / (r.nanos / 1e9));
        }
    }

    private record Result(int packages, long reads, long nanos) {
    }

    private static Result run(Path file, double seconds) throws RpmDatabaseException {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long reads = 0;
        int packages = 0;
        long elapsed;
        do {
            RpmReadResult result = RpmDatabaseReader.read(file);
            if (!result.problems().isEmpty()) {
                throw new IllegalStateException(result.problems().toString());
            }
            packages = result.packages().size();
            reads++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new Result(packages, reads, elapsed);
    }
}
