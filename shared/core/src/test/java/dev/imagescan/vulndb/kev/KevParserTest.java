package dev.imagescan.vulndb.kev;

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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KevParserTest {

    private static List<CveSignals> parse(byte[] json) throws IOException {
        List<CveSignals> got = new ArrayList<>();
        KevParser.parse(new ByteArrayInputStream(json), "kev.json", got::add);
        return got;
    }

    @Test
    void everyEntryWithItsDates() throws IOException {
        List<CveSignals> got = parse(FeedSamples.bytes("kev/valid-catalog-1.json"));

        assertThat(got).extracting(CveSignals::cve).containsExactly("CVE-2025-0108", "CVE-2024-53704",
                "CVE-2024-57727");
        assertThat(got.get(0).kev()).isEqualTo(new CveSignals.Kev(LocalDate.of(2025, 2, 18),
                LocalDate.of(2025, 3, 11), false));
        assertThat(got.get(2).kev().dateAdded()).isEqualTo(LocalDate.of(2025, 2, 13));
    }

    @Test
    void knownRansomwareUseIsKept() throws IOException {
        String json = new String(FeedSamples.bytes("kev/valid-catalog-1.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"Unknown\"", "\"Known\"");

        assertThat(parse(json.getBytes(StandardCharsets.UTF_8)).get(0).kev().ransomware()).isTrue();
    }

    @Test
    void brokenCatalogsAreRefused() {
        byte[] whole = FeedSamples.bytes("kev/valid-catalog-1.json");
        String text = new String(whole, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(Arrays.copyOf(whole, whole.length - 40)))
                .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("kev.json: not valid JSON");
        assertThatThrownBy(() -> parse(text.replace("\"2025-02-18\"", "\"18/02/2025\"").getBytes(
                StandardCharsets.UTF_8))).hasMessageContaining("dateAdded '18/02/2025' is not a date");
        assertThatThrownBy(() -> parse(FeedSamples.bytes("nvd/single-entry.json")))
                .hasMessageContaining("an entry without a cveID or dateAdded");
    }
}
