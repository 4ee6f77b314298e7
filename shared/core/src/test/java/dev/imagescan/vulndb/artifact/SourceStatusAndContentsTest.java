package dev.imagescan.vulndb.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.bench.OsvCorpusGenerator;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sources' status (newest record, fetch time, last error) written and read back, and a database's whole contents
 * decoded and written again to the same bytes (what the database update reuses of a source it does not read again).
 */
class SourceStatusAndContentsTest {
    private static final Instant BUILT = Instant.parse("2026-12-01T00:00:00Z");

    private static List<OsvRecord> records() throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        OsvFixtures.RECORDS.forEach(name -> records.add(OsvFixtures.record(name)));
        OsvParser parser = new OsvParser();
        for (OsvCorpusGenerator.Document d : new OsvCorpusGenerator(7).documents(500)) {
            records.add(parser.parse(d.json(), d.id()));
        }
        return records;
    }

    private static List<CveSignals> signals() {
        return List.of(new CveSignals("CVE-2024-0727", List.of(new CvssScore("3.1",
                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5)), new CveSignals.Epss(0.5, 0.9,
                        LocalDate.of(2026, 11, 30)), new CveSignals.Kev(LocalDate.of(2024, 1, 2), null, true)),
                CveSignals.ofEpss("CVE-2021-0001", new CveSignals.Epss(0.01, 0.2, LocalDate.of(2026, 11, 30))));
    }

    @Test
    void eachSourcesStatusIsReadBackAndADatabaseWithoutItSaysNothing() throws IOException {
        Map<String, SourceStatus> status = new LinkedHashMap<>();
        status.put("osv/", new SourceStatus(Instant.parse("2024-08-23T16:30:37Z"), BUILT, null));
        status.put("kev:catalog.json", new SourceStatus(null, Instant.parse("2026-11-01T00:00:00Z"),
                "catalog.json: HTTP status 500 (expected 200)"));
        ByteArrayOutputStream with = new ByteArrayOutputStream();
        ByteArrayOutputStream without = new ByteArrayOutputStream();
        List<String> sources = List.of("osv/", "kev:catalog.json", "epss:scores.csv");
        Map<String, Long> counts = Map.of("osv/", 6L, "kev:catalog.json", 3L);

        var written = DatabaseWriter.write(records(), signals(), sources, counts, status, BUILT, with);
        DatabaseWriter.write(records(), signals(), sources, counts, BUILT, without);

        VulnDatabase loaded = VulnDatabases.load(with.toByteArray());
        assertThat(loaded.info().sourceStatus()).isEqualTo(status).isEqualTo(written.sourceStatus());
        assertThat(loaded.info().status("epss:scores.csv")).isEqualTo(SourceStatus.UNKNOWN);
        assertThat(loaded.info().sourceRecords()).isEqualTo(counts);
        assertThat(VulnDatabases.load(without.toByteArray()).info().sourceStatus()).isEmpty();
        assertThat(with.size()).isGreaterThan(without.size());
    }

    @Test
    void aDatabasesContentsWriteTheSameBytesAgain() throws IOException {
        List<OsvRecord> records = records();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        var info = DatabaseWriter.write(records, signals(), List.of("s"), Map.of("s", 1L), BUILT, first);

        VulnDatabases.Contents contents = VulnDatabases.contents(VulnDatabases.load(first.toByteArray()));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        var reinfo = DatabaseWriter.write(contents.records(), contents.signals(), List.of("s"), Map.of("s", 1L),
                BUILT, again);

        assertThat(contents.records()).hasSize((int) info.advisories());
        assertThat(contents.signals()).extracting(CveSignals::cve).containsExactly("CVE-2021-0001", "CVE-2024-0727");
        assertThat(contents.signals().get(1)).isEqualTo(signals().get(0));
        assertThat(reinfo.digest()).as("the same bytes").isEqualTo(info.digest());
    }
}
