package dev.imagescan.vulndb;

import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.osv.OsvSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The database built into the library: a small snapshot of real OSV advisories for the packages of the bundled
 * images (shared/core/src/main/vulndb-snapshot/, see its README) with NVD's ratings of their CVEs
 * (shared/core/src/main/vulndb-nvd/), Red Hat's VEX files (vulndb-redhat/) and a few real documents of the other
 * vendor feeds — Amazon ALAS, Oracle ELSA, Red Hat's repository-to-CPE mapping, Alpine's secdb, Debian's DSA and DLA
 * lists and tracker JSON, the Ubuntu CVE tracker, EPSS and CISA KEV (vulndb-feeds/) — so that every family is shown
 * working, compiled at build time into the same artifact format
 * {@code imagescan db build} writes. It is what {@code imagescan scan} matches against without {@code --db}.
 */
public final class BundledDatabase {
    /** The classpath resource beside this class. */
    public static final String RESOURCE = "bundled.vulndb";

    private BundledDatabase() {}

    private static final class Holder {
        static final VulnDatabase DB = read();
    }

    /** Whether {@code info} describes the bundled database (its digest), which reports then say plainly. */
    public static boolean isBundled(DatabaseInfo info) {
        return info != null && info.digest() != null && info.digest().equals(load().info().digest());
    }

    /** The bundled database, loaded once per JVM. */
    public static VulnDatabase load() {
        return Holder.DB;
    }

    private static VulnDatabase read() {
        try (InputStream in = BundledDatabase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled database " + RESOURCE + " is missing from the classpath;"
                        + " the build compiles it from shared/core/src/main/vulndb-snapshot");
            }
            return VulnDatabases.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Build step: compiles a snapshot directory of OSV records into the artifact. The recorded build time is the
     * newest {@code modified} time of the records, so the same snapshot always gives the same bytes.
     *
     * @param args the snapshot directory, the artifact file to write, then any further named sources
     *             ({@code nvd=FILE}, as {@link AdvisorySources#ofAll} reads them): every {@code alpine=FILE} is read by
     *             one secdb source, which joins a CVE's fixes across branches and repositories into one record (one
     *             source per document would give records of the same id, of which the merge keeps only one)
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: BundledDatabase SNAPSHOT_DIR OUTPUT_FILE [NAME=FILE...]");
        }
        Path snapshot = Path.of(args[0]);
        Path output = Path.of(args[1]);
        DatabaseBuilder builder = new DatabaseBuilder();
        List<AdvisorySource> sources = new ArrayList<>();
        sources.add(OsvSources.of(snapshot.toString()));
        sources.addAll(AdvisorySources.ofAll(List.of(args).subList(2, args.length),
                AdvisorySources.Options.DEFAULT));
        Instant newest = builder.collect(sources).records().stream()
                .map(r -> r.advisory().modified())
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(output.toAbsolutePath().getParent(), ".bundled", ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                builder.build(sources, newest, out);
            }
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
