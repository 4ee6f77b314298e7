package dev.imagescan.vulndb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge of the severity and exploitation feeds, by CVE id: each feed's part of a CVE ({@link CveSignals}) is
 * joined with what the other feeds said of it; a feed read later replaces the same part read earlier. Only the CVEs
 * the advisories name are kept in a database ({@link #named}): the feeds cover every CVE, a database only those it
 * can report. Not thread-safe.
 */
public final class SignalsByCve {
    private final Map<String, CveSignals> byCve = new HashMap<>();
    private long added;

    /** Adds one feed's part of a CVE. */
    public void add(CveSignals signals) {
        added++;
        byCve.merge(signals.cve(), signals, CveSignals::merge);
    }

    /** Adds everything {@code other} holds, as if its parts were added after this one's. */
    public void addAll(SignalsByCve other) {
        other.byCve.values().forEach(this::add);
    }

    /** Whether {@code cve} has any signal. */
    public boolean contains(String cve) {
        return byCve.containsKey(cve);
    }

    /** How many parts were added. */
    public long added() {
        return added;
    }

    /** How many distinct CVEs. */
    public int size() {
        return byCve.size();
    }

    /** Every CVE's signals, by CVE id. */
    public List<CveSignals> all() {
        List<CveSignals> all = new ArrayList<>(byCve.values());
        all.sort((a, b) -> a.cve().compareTo(b.cve()));
        return all;
    }

    /** The signals of the CVEs that {@code records} name (as id or alias, {@code DEBIAN-CVE-…} included). */
    public List<CveSignals> named(Collection<OsvRecord> records) {
        Set<String> cves = new HashSet<>();
        for (OsvRecord r : records) {
            addCve(cves, r.advisory().id());
            r.advisory().aliases().forEach(a -> addCve(cves, a));
        }
        List<CveSignals> kept = new ArrayList<>();
        for (String cve : cves) {
            CveSignals s = byCve.get(cve);
            if (s != null) {
                kept.add(s);
            }
        }
        kept.sort((a, b) -> a.cve().compareTo(b.cve()));
        return kept;
    }

    private static void addCve(Set<String> cves, String id) {
        int at = id.indexOf("CVE-");
        if (at == 0) {
            cves.add(id);
        } else if (at > 0 && id.charAt(at - 1) == '-') {
            cves.add(id.substring(at));
        }
    }
}
