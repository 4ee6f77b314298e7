package dev.imagescan.vulndb.nvd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.OsvWarning;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NvdParserTest {

    private final List<OsvWarning> warnings = new ArrayList<>();

    private Map<String, CveSignals> parse(byte[] json) throws IOException {
        Map<String, CveSignals> byCve = new LinkedHashMap<>();
        NvdParser.parse(new ByteArrayInputStream(json), "feed.json", s -> byCve.put(s.cve(), s), warnings::add);
        return byCve;
    }

    @Test
    void oneCveWithV31AndV2() throws IOException {
        Map<String, CveSignals> got = parse(FeedSamples.bytes("nvd/single-entry.json"));

        assertThat(got).containsOnlyKeys("CVE-2022-1576");
        assertThat(got.get("CVE-2022-1576").nvdCvss()).containsExactly(
                new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", 6.5),
                new CvssScore("2.0", "AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3));
        assertThat(got.get("CVE-2022-1576").epss()).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFullPagePrefersNvdsOwnRatingAndSkipsUnanalysedCves() throws IOException {
        long[] listed = new long[1];
        Map<String, CveSignals> got = new LinkedHashMap<>();
        listed[0] = NvdParser.parse(new ByteArrayInputStream(FeedSamples.bytes("nvd/full-page.json")), "page",
                s -> got.put(s.cve(), s), warnings::add);

        assertThat(listed[0]).isEqualTo(38);
        assertThat(got).hasSize(35).doesNotContainKeys("CVE-2023-43250", "CVE-2023-45383", "CVE-2023-46009");
        // Primary (nvd@nist.gov) 8.8 over the CNA's Secondary 5.4
        assertThat(got.get("CVE-2023-45109").nvdCvss()).extracting(CvssScore::baseScore).containsExactly(8.8);
    }

    @Test
    void theSnapshotFeedGivesV4AndSecondaryOnlyRatings() throws IOException {
        Map<String, CveSignals> got = parse(Files.readAllBytes(FeedSamples.SNAPSHOT_NVD));

        assertThat(got).hasSize(15).doesNotContainKeys("CVE-2024-12797", "CVE-2024-9143");
        assertThat(got.get("CVE-2023-5344").nvdCvss()).extracting(CvssScore::version, CvssScore::baseScore)
                .containsExactly(tuple("3.1", 7.5), tuple("3.0", 4.0));
        assertThat(got.get("CVE-2026-6042").nvdCvss()).extracting(CvssScore::version, CvssScore::baseScore)
                .containsExactly(tuple("4.0", 4.8), tuple("3.1", 3.3), tuple("2.0", 1.7));
        assertThat(got.get("CVE-2025-15467").nvdCvss()).extracting(CvssScore::baseScore).containsExactly(8.8);
    }

    @Test
    void aVectorThatDoesNotParseIsAWarning() throws IOException {
        String json = new String(FeedSamples.bytes("nvd/single-entry.json"), StandardCharsets.UTF_8)
                .replace("AV:N/AC:M/Au:N/C:N/I:P/A:N", "AV:N/AC:M/Au:N/C:N/I:P/A:N/A:N");

        Map<String, CveSignals> got = parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(got.get("CVE-2022-1576").nvdCvss()).extracting(CvssScore::version).containsExactly("3.1");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.toString())
                .contains("CVE-2022-1576", "cvssMetricV2", "appears twice"));
    }

    @Test
    void aTruncatedFeedIsRefused() {
        byte[] whole = FeedSamples.bytes("nvd/full-page.json");

        assertThatThrownBy(() -> parse(Arrays.copyOf(whole, whole.length / 2)))
                .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("feed.json: not valid JSON at line");
    }

    @Test
    void anotherDocumentIsRefused() {
        assertThatThrownBy(() -> parse(FeedSamples.bytes("kev/valid-catalog-1.json")))
                .isInstanceOf(FeedFormatException.class).hasMessageContaining("not an NVD JSON 2.0 feed");
        assertThatThrownBy(() -> parse("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedFormatException.class).hasMessageContaining("expected a JSON object");
    }
}
