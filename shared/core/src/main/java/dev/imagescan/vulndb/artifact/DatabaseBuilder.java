package dev.imagescan.vulndb.artifact;

import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvLimits;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.osv.OsvSource;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sources to artifact: reads every document of every source with one {@link OsvParser}, keeps per id the record
 * with the newest {@code modified} (the first one read on a tie), drops ids whose newest record is withdrawn, and
 * writes the rest with {@link DatabaseWriter}, counting each step. The first malformed document stops the build:
 * a database is built from all its sources or not at all.
 */
public final class DatabaseBuilder {
    private final OsvLimits limits;
    private final Consumer<OsvWarning> warnings;

    /** A builder with the default limits that drops warnings (they are still counted). */
    public DatabaseBuilder() {
        this(OsvLimits.DEFAULT, w -> {});
    }

    /**
     * @param limits   the bounds for every document and archive
     * @param warnings receives each skipped part of a record as it is met (e.g. a CVSS vector that does not parse)
     */
    public DatabaseBuilder(OsvLimits limits, Consumer<OsvWarning> warnings) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** The limits sources given to this builder should be opened with. */
    public OsvLimits limits() {
        return limits;
    }

    /** The records kept from the sources (newest per id, none withdrawn) and the counts. */
    public record Collected(List<OsvRecord> records, BuildStats stats) {
        public Collected {
            records = List.copyOf(records);
        }
    }

    /** Reads the sources and keeps the records a database is made of. */
    public Collected collect(List<OsvSource> sources) throws IOException {
        long[] skippedCvss = new long[1];
        OsvParser parser = new OsvParser(limits, w -> {
            if (w.kind() == OsvWarning.Kind.UNPARSEABLE_CVSS) {
                skippedCvss[0]++;
            }
            warnings.accept(w);
        });
        Map<String, OsvRecord> newest = new HashMap<>();
        List<String> order = new ArrayList<>();
        long[] read = new long[1];
        long[] duplicates = new long[1];
        for (OsvSource source : sources) {
            source.read((name, json) -> {
                OsvRecord r = parser.parse(json, name);
                read[0]++;
                OsvRecord known = newest.putIfAbsent(r.advisory().id(), r);
                if (known == null) {
                    order.add(r.advisory().id());
                } else {
                    duplicates[0]++;
                    if (r.advisory().modified().isAfter(known.advisory().modified())) {
                        newest.put(r.advisory().id(), r);
                    }
                }
            });
        }
        List<OsvRecord> kept = new ArrayList<>(newest.size());
        long withdrawn = 0;
        for (String id : order) {
            OsvRecord r = newest.get(id);
            if (r.withdrawn() != null) {
                withdrawn++;
            } else {
                kept.add(r);
            }
        }
        BuildStats stats = new BuildStats(sources.size(), read[0], duplicates[0], withdrawn, kept.size(),
                skippedCvss[0], InMemoryVulnDatabase.countEcosystems(kept));
        return new Collected(kept, stats);
    }

    /**
     * Reads the sources and writes the database artifact to {@code out} (not closed).
     *
     * @param builtAt the build time the artifact records; the same sources and time give the same bytes
     */
    public BuildResult build(List<OsvSource> sources, Instant builtAt, OutputStream out) throws IOException {
        Collected collected = collect(sources);
        List<String> names = sources.stream().map(OsvSource::name).toList();
        return new BuildResult(DatabaseWriter.write(collected.records(), names, builtAt, out), collected.stats());
    }
}
