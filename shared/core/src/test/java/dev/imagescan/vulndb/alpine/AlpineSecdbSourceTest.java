package dev.imagescan.vulndb.alpine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.NewestRecords;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.FeedLocations;
import dev.imagescan.vulndb.fetch.FetchLimits;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alpine's secdb main and community, read from real documents, as OSV records. */
class AlpineSecdbSourceTest {
    @TempDir
    Path dir;

    private Map<String, OsvRecord> read(Path... files) throws IOException {
        List<String> locations = new ArrayList<>();
        for (Path f : files) {
            locations.add(f.toString());
        }
        AlpineSecdbSource source = new AlpineSecdbSource(new FeedLocations(locations,
                new FeedFetcher(FetchLimits.DEFAULT, null)));
        Map<String, OsvRecord> byId = new LinkedHashMap<>();
        source.read((AdvisorySource.RecordSink) r -> byId.put(r.advisory().id(), r));
        return byId;
    }

    @Test
    void mainAndCommunityBecomeOneRecordPerCve() throws IOException {
        Map<String, OsvRecord> records = read(FeedSamples.file(dir, "alpine/v3.15-main.json"),
                FeedSamples.file(dir, "alpine/v3.10-community.json"));

        // main: bash 1 CVE, busybox 3 (its "0" entries are never-affected); community: botan 4, cfengine 1, chicken 4
        assertThat(records).hasSize(13).containsKeys("ALPINE-SECDB-CVE-2016-0634", "ALPINE-SECDB-CVE-2017-16544",
                "ALPINE-SECDB-CVE-2018-20187", "ALPINE-SECDB-CVE-2019-9929", "ALPINE-SECDB-CVE-2016-6831")
                .doesNotContainKeys("ALPINE-SECDB-CVE-2021-42373", "ALPINE-SECDB-CVE-2021-42376");
        OsvRecord botan = records.get("ALPINE-SECDB-CVE-2018-20187");
        assertThat(botan.advisory().aliases()).containsExactly("CVE-2018-20187");
        assertThat(botan.advisory().modified()).isEqualTo(Instant.EPOCH);
        assertThat(botan.advisory().references())
                .containsExactly("https://security.alpinelinux.org/vuln/CVE-2018-20187");
        assertThat(botan.affected()).containsExactly(new AffectedPackage("Alpine:v3.10", "botan", List.of(
                new VersionRange(List.of(RangeEvent.introduced("0"), RangeEvent.fixed("2.9.0-r0")))), List.of(), null));
        assertThat(records.get("ALPINE-SECDB-CVE-2017-16544").affected()).extracting(AffectedPackage::ecosystem,
                AffectedPackage::name).containsExactly(org.assertj.core.groups.Tuple.tuple("Alpine:v3.15", "busybox"));
    }

    /**
     * A build that reads OSV's Alpine feed too gets OSV's {@code ALPINE-CVE-…} record of the same CVE: both are kept
     * (one id would keep only the newer record, losing either secdb's community entries or OSV's).
     */
    @Test
    void recordsKeepIdsOfTheirOwnBesideOsvsAlpineRecords() throws IOException {
        OsvRecord secdb = read(FeedSamples.file(dir, "alpine/v3.10-community.json")).get("ALPINE-SECDB-CVE-2018-20187");
        Advisory osvAdvisory = new Advisory("ALPINE-CVE-2018-20187", List.of("CVE-2018-20187"), "", null,
                Instant.parse("2024-05-01T00:00:00Z"), List.of(), null, List.of());
        OsvRecord osv = new OsvRecord(osvAdvisory, null, List.of(new AffectedPackage("Alpine:v3.20", "botan",
                List.of(new VersionRange(List.of(RangeEvent.introduced("0"), RangeEvent.fixed("2.9.0-r0")))),
                List.of(), null)));
        NewestRecords merged = new NewestRecords();
        merged.add(secdb);
        merged.add(osv);

        assertThat(merged.records()).extracting(r -> r.advisory().id())
                .containsExactly("ALPINE-SECDB-CVE-2018-20187", "ALPINE-CVE-2018-20187");
    }

    @Test
    void theSameDocumentsGiveTheSameVersion() throws IOException {
        Path main = FeedSamples.file(dir, "alpine/v3.15-main.json");
        FeedLocations feeds = new FeedLocations(List.of(main.toString()), new FeedFetcher(FetchLimits.DEFAULT, null));

        String one = new AlpineSecdbSource(feeds).read(r -> { });
        String two = new AlpineSecdbSource(feeds).read(r -> { });

        assertThat(one).isEqualTo(two).startsWith("sha256:");
        assertThat(new AlpineSecdbSource(feeds).name()).isEqualTo("alpine:v3.15-main.json");
    }

    @Test
    void documentsOfAnotherShapeAreRefused() throws IOException {
        Path kev = FeedSamples.file(dir, "kev/valid-catalog-1.json");
        Path cut = dir.resolve("cut.json");
        byte[] main = FeedSamples.bytes("alpine/v3.15-main.json");
        Files.write(cut, java.util.Arrays.copyOf(main, main.length / 2));
        Path badBranch = dir.resolve("bad.json");
        Files.writeString(badBranch, new String(main, StandardCharsets.UTF_8).replace("\"v3.15\"", "\"3.15\""));

        assertThatThrownBy(() -> read(kev)).isInstanceOf(FeedFormatException.class)
                .hasMessage("valid-catalog-1.json: not an Alpine secdb document (no distroversion and packages)");
        assertThatThrownBy(() -> read(cut)).hasMessageStartingWith("cut.json: not valid JSON at line");
        assertThatThrownBy(() -> read(badBranch)).hasMessageContaining("distroversion is not a branch");
    }

    @Test
    void theOfficialFeedsAreMainAndCommunityOfEachBranch() {
        assertThat(AlpineSecdbSource.officialFeeds()).contains("https://secdb.alpinelinux.org/v3.3/main.json",
                "https://secdb.alpinelinux.org/v3.3/community.json",
                "https://secdb.alpinelinux.org/v3.22/community.json").hasSize(2 * 20 + 2);
    }
}
