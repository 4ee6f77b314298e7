package dev.imagescan.match;

import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.TrackerSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ubuntu Pro's ESM pockets against a database built from real Ubuntu CVE tracker files: an image with ESM gets the
 * pockets' fixes and statuses instead of its release's "out of support", one without gets neither.
 */
class EsmPocketsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static VulnDatabase db;

    @BeforeAll
    static void build(@TempDir Path dir) throws IOException {
        Path checkout = TrackerSamples.checkout(dir.resolve("ubuntu-cve-tracker"), TrackerSamples.FILES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(AdvisorySources.of("ubuntu-tracker=" + checkout,
                AdvisorySources.Options.DEFAULT)), CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());
    }

    private static OperatingSystem ubuntu(String version, boolean esm) {
        return new OperatingSystem("ubuntu", version, "Ubuntu " + version, false, "/etc/os-release", esm);
    }

    private static List<String> findings(OperatingSystem os, Package p) {
        return new Matcher(CLOCK).match(inventory(os, p), db).matches().stream()
                .map(m -> m.vulnerabilityId() + " " + m.status().word() + " " + m.fixedVersion()).toList();
    }

    @Test
    void withoutEsmTrustysSudoIsOutOfSupportWithEsmItHasTheEsmFix() {
        Package sudo = deb("sudo", "1.8.9p5-1ubuntu1.4", "sudo", "1.8.9p5-1ubuntu1.4", 0);

        assertThat(findings(ubuntu("14.04", false), sudo)).containsExactly("CVE-2019-14287 out_of_support null");
        assertThat(findings(ubuntu("14.04", true), sudo))
                .containsExactly("CVE-2019-14287 fixed 1.8.9p5-1ubuntu1.5+esm2");
    }

    @Test
    void theEsmBuildClearsTheFindingTheReleasesOutOfSupportEntryWouldMake() {
        Package esmBuild = deb("sudo", "1.8.9p5-1ubuntu1.5+esm2", "sudo", "1.8.9p5-1ubuntu1.5+esm2", 0);

        assertThat(findings(ubuntu("14.04", true), esmBuild)).isEmpty();
        assertThat(findings(ubuntu("14.04", false), esmBuild)).containsExactly("CVE-2019-14287 out_of_support null");
    }

    @Test
    void aVulnerabilityOnlyTheEsmPocketNamesIsFoundOnlyWithEsm() {
        Package tar = deb("tar", "1.26-4ubuntu1", "tar", "1.26-4ubuntu1", 0);

        assertThat(findings(ubuntu("12.04", false), tar)).isEmpty();
        assertThat(findings(ubuntu("12.04", true), tar)).containsExactly("CVE-2018-20482 affected null");
        MatchResult result = new Matcher(CLOCK).match(inventory(ubuntu("12.04", true), tar), db);
        assertThat(result.coverage().ecosystems()).containsExactly("Ubuntu:12.04:tracker", "Ubuntu:Pro:12.04:tracker");
        assertThat(result.matches().get(0).status()).isEqualTo(FixStatus.AFFECTED);
    }
}
