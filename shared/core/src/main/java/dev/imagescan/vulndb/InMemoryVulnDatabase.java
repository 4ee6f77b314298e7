package dev.imagescan.vulndb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A database held as plain objects: what the builder collects before writing, and what tests match against. */
public final class InMemoryVulnDatabase implements VulnDatabase {
    private final DatabaseInfo info;
    private final Map<String, List<PackageAdvisory>> byKey = new HashMap<>();
    private final Map<String, CveSignals> signals = new HashMap<>();

    /** Indexes the records; withdrawn ones are left out. {@code info} is taken as given. */
    public InMemoryVulnDatabase(DatabaseInfo info, Collection<OsvRecord> records) {
        this(info, records, List.of());
    }

    /** Indexes the records and the severity and exploitation data of CVEs (one entry per CVE). */
    public InMemoryVulnDatabase(DatabaseInfo info, Collection<OsvRecord> records, Collection<CveSignals> cves) {
        this.info = info;
        cves.forEach(c -> signals.put(c.cve(), c));
        for (OsvRecord r : records) {
            if (r.withdrawn() != null) {
                continue;
            }
            for (AffectedPackage a : r.affected()) {
                byKey.computeIfAbsent(key(a.ecosystem(), a.name()), k -> new ArrayList<>())
                        .add(new PackageAdvisory(r.advisory(), a));
            }
        }
        Comparator<PackageAdvisory> byId = Comparator.comparing(p -> p.advisory().id());
        byKey.values().forEach(l -> l.sort(byId));
    }

    /** Counts entries per ecosystem of the non-withdrawn records, as {@link DatabaseInfo#ecosystems()} wants. */
    public static Map<String, Integer> countEcosystems(Collection<OsvRecord> records) {
        Map<String, Integer> counts = new TreeMap<>();
        for (OsvRecord r : records) {
            if (r.withdrawn() == null) {
                r.affected().forEach(a -> counts.merge(a.ecosystem(), 1, Integer::sum));
            }
        }
        return counts;
    }

    @Override
    public DatabaseInfo info() {
        return info;
    }

    @Override
    public Set<String> ecosystems() {
        return info.ecosystems().keySet();
    }

    @Override
    public List<PackageAdvisory> lookup(String ecosystem, String packageName) {
        return List.copyOf(byKey.getOrDefault(key(ecosystem, packageName), List.of()));
    }

    @Override
    public Optional<CveSignals> signals(String cve) {
        return Optional.ofNullable(signals.get(cve));
    }

    private static String key(String ecosystem, String name) {
        return ecosystem + '\u0000' + name;
    }
}
