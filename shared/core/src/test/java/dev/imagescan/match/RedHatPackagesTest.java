package dev.imagescan.match;

import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The names Red Hat's ecosystems are asked for: the module stream's, the source package's, and only there. */
class RedHatPackagesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final String APPSTREAM = "Red Hat:enterprise_linux:8::appstream";

    private static Package rpm(String name, String version, String source, String moduleLabel) {
        return new Package(PackageType.RPM, name, version, "x86_64", new SourcePackage(source, version),
                "pkg:rpm/redhat/" + name + "@" + version, new LayerRef(0, "sha256:0"),
                new InstalledPackage.RpmFields(null, version.substring(0, version.indexOf('-')),
                        version.substring(version.indexOf('-') + 1), "Red Hat, Inc.", moduleLabel));
    }

    @Test
    void aModulePackageIsAskedForByItsStreamToo() {
        Package npm = rpm("npm", "8.19.4-1.18.18.2.2.module+el8.9.0+20473+0a4a7eec", "nodejs",
                "nodejs:18:8090020231019152822:a75119d5");

        assertThat(RedHatPackages.alsoAsked(npm)).containsExactly("npm", "nodejs:18::npm", "nodejs");
        InMemoryVulnDatabase db = db(record("CVE-2024-22020").affects(fixedIn(APPSTREAM, "nodejs:18::npm",
                "1:10.8.2-1.18.20.2.1.module+el8.10.0+21997+6ba3e0fe")).build(),
                record("CVE-2024-1").affects(fixedIn(APPSTREAM, "nodejs:20::npm", "1:10.8.2-1.20.0")).build());

        MatchResult m = new Matcher(CLOCK).match(inventory(os("rhel", "8.9"), npm), db);

        assertThat(m.matches()).extracting(Match::vulnerabilityId).containsExactly("CVE-2024-22020");
    }

    @Test
    void theSourceNameIsAskedOnlyOfRedHatsEcosystems() {
        Package vimMinimal = rpm("vim-minimal", "2:8.0.1763-19.el8_6.4", "vim", null);
        InMemoryVulnDatabase db = db(record("CVE-2023-5344").affects(fixedIn("Red Hat:enterprise_linux:8", "vim",
                null)).build(), record("RLSA-1").aliases("CVE-2099-1").affects(fixedIn("Rocky Linux:8", "vim",
                "2:9.0-1.el8")).build());

        assertThat(new Matcher(CLOCK).match(inventory(os("rhel", "8.9"), vimMinimal), db).matches())
                .extracting(Match::vulnerabilityId).containsExactly("CVE-2023-5344");
        assertThat(new Matcher(CLOCK).match(inventory(os("rocky", "8.9"), vimMinimal), db).matches())
                .as("Rocky's own advisories name binary packages: the source name is not asked").isEmpty();
        assertThat(RedHatPackages.alsoAsked(new Package(PackageType.DEB, "vim", "1", "amd64", null, null, null,
                null))).isEmpty();
    }
}
