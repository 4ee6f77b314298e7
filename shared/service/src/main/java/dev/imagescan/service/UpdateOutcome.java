package dev.imagescan.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link DatabaseUpdateService#update()} did.
 *
 * @param status             {@link Status#UPDATED}, {@link Status#UNCHANGED} or {@link Status#FAILED}
 * @param dbVersion          the built database's version (its digest, {@code sha256:...}); null when no database was
 *                           built
 * @param key                the key of the built artifact ({@code vulndb/<dbVersion>/vulndb.bin}); null when none was
 *                           built
 * @param previousKey        the key {@code vulndb/current} named before the update; null when there was no pointer or
 *                           it could not be read
 * @param advisories         advisories in the built database; -1 when none was built
 * @param previousAdvisories advisories in the database named before; -1 when unknown
 * @param recordsPerFeed     OSV records read from each feed that could be read, by feed name (a URL without query)
 * @param problems           why the update failed (FAILED only), each naming its feed or none when it concerns the whole
 *                           database; notes that did not fail it are in {@code notes}
 * @param notes              what an operator should know even when the update went through (for example that the
 *                           previous pointer could not be read)
 */
public record UpdateOutcome(Status status, String dbVersion, String key, String previousKey, long advisories,
        long previousAdvisories, Map<String, Long> recordsPerFeed, List<Problem> problems, List<String> notes) {

    /** How an update ended. */
    public enum Status {
        /** A new database was uploaded, verified, and {@code vulndb/current} now names it. */
        UPDATED,
        /** The feeds built the database {@code vulndb/current} already names: nothing was written. */
        UNCHANGED,
        /** Nothing was made current; {@code vulndb/current} was left as it was. */
        FAILED
    }

    /**
     * One reason an update failed.
     *
     * @param feed   the feed it concerns (a URL without query), or null when it concerns the whole database
     * @param reason one line
     */
    public record Problem(String feed, String reason) {
        public Problem {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return feed == null ? reason : feed + ": " + reason;
        }
    }

    public UpdateOutcome {
        Objects.requireNonNull(status, "status");
        recordsPerFeed = Collections.unmodifiableMap(new LinkedHashMap<>(recordsPerFeed));
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        if ((status == Status.FAILED) == problems.isEmpty()) {
            throw new IllegalArgumentException("a FAILED outcome, and only it, has problems");
        }
    }
}
