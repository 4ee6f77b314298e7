package dev.imagescan.vulndb.epss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpssParserTest {

    private static List<CveSignals> parse(byte[] csv) throws IOException {
        List<CveSignals> got = new ArrayList<>();
        EpssParser.parse(new ByteArrayInputStream(csv), "epss.csv", got::add);
        return got;
    }

    @Test
    void scoresPercentilesAndTheScoreDate() throws IOException {
        List<CveSignals> got = parse(FeedSamples.bytes("epss/example-1.csv"));

        assertThat(got).extracting(CveSignals::cve).containsExactly("CVE-1999-0001", "CVE-1999-0002",
                "CVE-1999-0003", "CVE-1999-0004", "CVE-1999-0005");
        assertThat(got.get(4).epss()).isEqualTo(new CveSignals.Epss(0.91963, 0.99214, LocalDate.of(2025, 2, 20)));
        assertThat(got).allSatisfy(s -> assertThat(s.nvdCvss()).isEmpty());
    }

    @Test
    void aWrongHeaderIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse(FeedSamples.bytes("epss/invalid-header.csv")))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("epss.csv line 2: expected the header cve,epss,percentile");
    }

    @Test
    void aScoreOutOfRangeOrABrokenRowIsRefused() {
        String good = new String(FeedSamples.bytes("epss/example-1.csv"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(good.replace("0.91963", "1.91963").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("epss.csv line 7: score and percentile must be numbers from 0 to 1");
        assertThatThrownBy(() -> parse(good.replace("CVE-1999-0003,", "CVE-1999-0003").getBytes(
                StandardCharsets.UTF_8))).hasMessage("epss.csv line 5: expected CVE-id,score,percentile");
    }

    @Test
    void anEndlessLineStopsAtTheCap() {
        byte[] huge = ("cve,epss,percentile\n" + "x".repeat(100_000)).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(huge)).isInstanceOf(FeedFormatException.class)
                .hasMessage("epss.csv line 2: line longer than 1024 characters");
    }
}
