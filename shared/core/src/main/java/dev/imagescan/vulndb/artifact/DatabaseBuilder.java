package dev.imagescan.vulndb.artifact;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.NewestRecords;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.SignalsByCve;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sources to artifact: reads every record of every {@link AdvisorySource}, in the order given, keeps per id the
 * newest ({@link NewestRecords}: the newest {@code modified}, the first one read on a tie, ids whose newest record is
 * withdrawn left out), and writes the rest with {@link DatabaseWriter}, counting each step. The first source that
 * fails stops the build: a database is built from all its sources or not at all.
 */
public final class DatabaseBuilder {
    private final Consumer<OsvWarning> warnings;

    /** A builder that drops warnings (they are still counted). */
    public DatabaseBuilder() {
        this(w -> {});
    }

    /** @param warnings receives each skipped part of a record as it is met (e.g. a CVSS vector that does not parse) */
    public DatabaseBuilder(Consumer<OsvWarning> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * The records kept from the sources (newest per id, none withdrawn), the severity and exploitation data of the
     * CVEs they name (merged by CVE across NVD, EPSS and KEV), and the counts.
     */
    public record Collected(List<OsvRecord> records, List<CveSignals> signals, BuildStats stats,
            Map<String, Instant> newestPerSource) {
        public Collected {
            records = List.copyOf(records);
            signals = List.copyOf(signals);
            newestPerSource = Map.copyOf(newestPerSource);
        }

        /** Without the sources' newest records. */
        public Collected(List<OsvRecord> records, List<CveSignals> signals, BuildStats stats) {
            this(records, signals, stats, Map.of());
        }

        /** Records only. */
        public Collected(List<OsvRecord> records, BuildStats stats) {
            this(records, List.of(), stats);
        }

        /**
         * Each source's status as of a read at {@code fetchedAt}: its newest record's {@code modified} (none for a
         * severity or exploitation feed), no error.
         */
        public Map<String, SourceStatus> sourceStatus(Instant fetchedAt) {
            Map<String, SourceStatus> status = new LinkedHashMap<>();
            stats.perSource().forEach(s -> status.putIfAbsent(s.name(),
                    new SourceStatus(newestPerSource.get(s.name()), fetchedAt, null)));
            return status;
        }

        /** How many records (or CVE entries) each source handed over, by source name. */
        public Map<String, Long> recordsPerSource() {
            Map<String, Long> counts = new LinkedHashMap<>();
            stats.perSource().forEach(s -> counts.merge(s.name(), s.records(), Long::sum));
            return counts;
        }
    }

    /** Reads the sources and keeps the records a database is made of. */
    public Collected collect(List<? extends AdvisorySource> sources) throws IOException {
        NewestRecords newest = new NewestRecords();
        SignalsByCve signals = new SignalsByCve();
        long[] skippedCvss = new long[1];
        Instant[] newestOfSource = new Instant[1];
        AdvisorySource.RecordSink sink = new AdvisorySource.RecordSink() {
            @Override
            public void record(OsvRecord record) {
                newest.add(record);
                Instant m = record.advisory().modified();
                if (newestOfSource[0] == null || m.isAfter(newestOfSource[0])) {
                    newestOfSource[0] = m;
                }
            }

            @Override
            public void signals(CveSignals s) {
                signals.add(s);
            }

            @Override
            public void warning(OsvWarning w) {
                if (w.kind() == OsvWarning.Kind.UNPARSEABLE_CVSS) {
                    skippedCvss[0]++;
                }
                warnings.accept(w);
            }
        };
        List<BuildStats.SourceRead> perSource = new ArrayList<>(sources.size());
        Map<String, Instant> newestPerSource = new HashMap<>();
        for (AdvisorySource source : sources) {
            long before = newest.added() + signals.added();
            newestOfSource[0] = null;
            String version = source.read(sink);
            perSource.add(new BuildStats.SourceRead(source.name(), version,
                    newest.added() + signals.added() - before));
            if (newestOfSource[0] != null) {
                newestPerSource.merge(source.name(), newestOfSource[0], (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<OsvRecord> kept = newest.records();
        BuildStats stats = new BuildStats(sources.size(), newest.added(), newest.duplicates(), newest.withdrawn(),
                kept.size(), skippedCvss[0], InMemoryVulnDatabase.countEcosystems(kept), perSource);
        return new Collected(kept, signals.named(kept), stats, newestPerSource);
    }

    /**
     * Reads the sources and writes the database artifact to {@code out} (not closed), without the sources' status
     * (the bundled snapshot: compiled from files, never fetched).
     *
     * @param builtAt the build time the artifact records; the same sources and time give the same bytes
     */
    public BuildResult build(List<? extends AdvisorySource> sources, Instant builtAt, OutputStream out)
            throws IOException {
        return build(sources, builtAt, null, out);
    }

    /**
     * Reads the sources and writes the database artifact to {@code out} (not closed), recording for each source its
     * newest record and {@code fetchedAt} as the time its data was fetched ({@code DatabaseInfo.sourceStatus}).
     *
     * @param builtAt   the build time the artifact records; the same sources and times give the same bytes
     * @param fetchedAt when the sources were read; null records no status
     */
    public BuildResult build(List<? extends AdvisorySource> sources, Instant builtAt, Instant fetchedAt,
            OutputStream out) throws IOException {
        Collected collected = collect(sources);
        List<String> names = sources.stream().map(AdvisorySource::name).toList();
        return new BuildResult(DatabaseWriter.write(collected.records(), collected.signals(), names,
                collected.recordsPerSource(), fetchedAt == null ? Map.of() : collected.sourceStatus(fetchedAt),
                builtAt, out), collected.stats());
    }
}
