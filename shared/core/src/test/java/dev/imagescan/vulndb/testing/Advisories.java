package dev.imagescan.vulndb.testing;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Crafted advisories, packages and inventories for matcher and report tests. */
public final class Advisories {
    public static final Instant MODIFIED = Instant.parse("2026-10-01T00:00:00Z");

    private Advisories() {}

    /** An advisory builder: {@code record("DSA-1").aliases("CVE-1").affects(entry...)}. */
    public static RecordBuilder record(String id) {
        return new RecordBuilder(id);
    }

    public static final class RecordBuilder {
        private final String id;
        private List<String> aliases = List.of();
        private List<CvssScore> cvss = List.of();
        private String rating;
        private Instant withdrawn;
        private final List<AffectedPackage> affected = new ArrayList<>();

        RecordBuilder(String id) {
            this.id = id;
        }

        public RecordBuilder aliases(String... ids) {
            aliases = List.of(ids);
            return this;
        }

        public RecordBuilder cvss(String version, double score) {
            cvss = List.of(new CvssScore(version, "CVSS:" + version + "/crafted", score));
            return this;
        }

        public RecordBuilder rating(String r) {
            rating = r;
            return this;
        }

        public RecordBuilder withdrawn() {
            withdrawn = MODIFIED;
            return this;
        }

        public RecordBuilder affects(AffectedPackage... entries) {
            affected.addAll(Arrays.asList(entries));
            return this;
        }

        public OsvRecord build() {
            return new OsvRecord(new Advisory(id, aliases, "summary of " + id, null, MODIFIED, cvss, rating,
                    List.of("https://example.org/" + id)), withdrawn, affected);
        }
    }

    /** {@code introduced 0, fixed <fixed>}; {@code fixed == null} for an unfixed one. */
    public static AffectedPackage fixedIn(String ecosystem, String name, String fixed) {
        return entry(ecosystem, name, null, RangeEvent.introduced("0"), fixed == null ? null : RangeEvent.fixed(fixed));
    }

    /** One range of the given events (nulls skipped). */
    public static AffectedPackage entry(String ecosystem, String name, String rating, RangeEvent... events) {
        List<RangeEvent> list = new ArrayList<>();
        for (RangeEvent e : events) {
            if (e != null) {
                list.add(e);
            }
        }
        return new AffectedPackage(ecosystem, name, List.of(new VersionRange(list)), List.of(), rating);
    }

    public static InMemoryVulnDatabase db(OsvRecord... records) {
        List<OsvRecord> list = List.of(records);
        return new InMemoryVulnDatabase(new DatabaseInfo(1, MODIFIED, List.of("crafted"), MODIFIED,
                list.stream().filter(r -> r.withdrawn() == null).count(), InMemoryVulnDatabase.countEcosystems(list),
                "sha256:" + "0".repeat(64)), list);
    }

    public static Package deb(String name, String version, String source, String sourceVersion, int layer) {
        return new Package(PackageType.DEB, name, version, "amd64", new SourcePackage(source, sourceVersion),
                "pkg:deb/debian/" + name + "@" + version, new LayerRef(layer, "sha256:" + layer), null);
    }

    public static Package apk(String name, String version, String origin, int layer) {
        return new Package(PackageType.APK, name, version, "x86_64", new SourcePackage(origin, version),
                "pkg:apk/alpine/" + name + "@" + version, new LayerRef(layer, "sha256:" + layer), null);
    }

    public static Package rpm(String name, String version, int layer) {
        return new Package(PackageType.RPM, name, version, "x86_64", new SourcePackage(name + "-src", version),
                "pkg:rpm/redhat/" + name + "@" + version, new LayerRef(layer, "sha256:" + layer), null);
    }

    public static Inventory inventory(OperatingSystem os, Package... packages) {
        ImageSummary image = new ImageSummary("crafted", "oci-archive", "linux/amd64", null, "sha256:c",
                List.of(), List.of());
        return new Inventory(image, os, List.of(packages), List.of(), List.of());
    }

    public static OperatingSystem os(String family, String version) {
        return new OperatingSystem(family, version, family + " " + version, false, "/etc/os-release");
    }
}
