package dev.imagescan.vulndb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge rule of the database, in one place: per advisory id the record with the newest
 * {@link Advisory#modified()} wins, the first one added on a tie, and an id whose winning record is withdrawn is left
 * out (an older withdrawn record does not hide a newer live one, nor the reverse). Records are added one at a time
 * as sources hand them over, from one source or several; only the current winner per id is kept.
 *
 * <p>Used by {@code DatabaseBuilder} across the sources of one build, and by whoever merges the records of several
 * separately read feeds. Not thread-safe.
 */
public final class NewestRecords {
    /** By id, in the order ids were first added (re-putting a key keeps its place). */
    private final Map<String, OsvRecord> newest = new LinkedHashMap<>();
    private long added;
    private long duplicates;

    /**
     * Offers one record: it replaces the one kept for its id only when its {@code modified} is later.
     *
     * @throws IllegalArgumentException when the record has no {@code modified} time (every source must give one)
     */
    public void add(OsvRecord record) {
        String id = record.advisory().id();
        if (record.advisory().modified() == null) {
            throw new IllegalArgumentException(id + ": a record without a modified time cannot be merged");
        }
        added++;
        OsvRecord known = newest.putIfAbsent(id, record);
        if (known != null) {
            duplicates++;
            if (record.advisory().modified().isAfter(known.advisory().modified())) {
                newest.put(id, record);
            }
        }
    }

    /** How many records were added. */
    public long added() {
        return added;
    }

    /** How many added records had an id already seen: {@code added() - ids}. */
    public long duplicates() {
        return duplicates;
    }

    /** How many ids are left out because their newest record is withdrawn. */
    public long withdrawn() {
        return newest.values().stream().filter(r -> r.withdrawn() != null).count();
    }

    /** The winning record of each id that is not withdrawn, in the order the ids were first added. */
    public List<OsvRecord> records() {
        List<OsvRecord> kept = new ArrayList<>(newest.size());
        for (OsvRecord r : newest.values()) {
            if (r.withdrawn() == null) {
                kept.add(r);
            }
        }
        return kept;
    }
}
