package dev.imagescan.vulndb.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entries of the security tracker's real DSA and DLA lists (shared/testing vulndb/debian, see README-feeds.md). */
class DebianSecurityListParserTest {

    private static Map<String, OsvRecord> parse(byte[] list) throws IOException {
        Map<String, OsvRecord> byId = new LinkedHashMap<>();
        DebianSecurityListParser.parse(new ByteArrayInputStream(list), "list", r -> byId.put(r.advisory().id(), r));
        return byId;
    }

    @Test
    void dsaEntriesForEveryRelease() throws IOException {
        Map<String, OsvRecord> dsa = parse(FeedSamples.bytes("debian/DSA-list"));

        OsvRecord xorg = dsa.get("DSA-5380-1");
        assertThat(xorg.advisory().aliases()).containsExactly("CVE-2023-1393");
        assertThat(xorg.advisory().summary()).isEqualTo("xorg-server - security update");
        assertThat(xorg.advisory().published()).isEqualTo(Instant.parse("2023-03-29T00:00:00Z"));
        assertThat(xorg.affected()).containsExactly(new AffectedPackage("Debian:11", "xorg-server", List.of(
                new VersionRange(List.of(RangeEvent.introduced("0"), RangeEvent.fixed("2:1.20.11-1+deb11u6")))),
                List.of(), null));
        // Debian 7 (wheezy) and 8 (jessie) fixes, which OSV's Debian feed no longer carries
        assertThat(dsa.values()).flatExtracting(OsvRecord::affected).extracting(AffectedPackage::ecosystem)
                .contains("Debian:7", "Debian:8");
        // a regression update without CVEs is kept; an end-of-life notice and a pre-squeeze entry give nothing
        assertThat(dsa).containsKey("DSA-5356-2").doesNotContainKeys("DSA-3699-1", "DSA-1013-1");
        assertThat(dsa.get("DSA-5356-2").advisory().aliases()).isEmpty();
    }

    @Test
    void dlaEntriesForLtsReleases() throws IOException {
        Map<String, OsvRecord> dla = parse(FeedSamples.bytes("debian/DLA-list"));

        assertThat(dla).hasSize(10);
        assertThat(dla.get("DLA-3066-1").affected()).singleElement().satisfies(a -> {
            assertThat(a.ecosystem()).isEqualTo("Debian:9");
            assertThat(a.name()).isEqualTo("isync");
        });
        assertThat(dla.get("DLA-2271-1").affected()).extracting(AffectedPackage::ecosystem).containsExactly("Debian:8");
        assertThat(dla.get("DLA-3065-1").advisory().aliases()).hasSize(39);
    }

    @Test
    void linesOfAnotherShapeAreRefusedWithTheirNumber() {
        String list = new String(FeedSamples.bytes("debian/DLA-list"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(list.replace("\t[buster] - duktape", "\t[buster] duktape")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(FeedFormatException.class)
                .hasMessage("list line 9: expected {CVE-…}, [release] - package version, or NOTE:");
        assertThatThrownBy(() -> parse(list.replace("[buster] - svgpp", "[bookwrom] - svgpp")
                .getBytes(StandardCharsets.UTF_8))).hasMessage("list line 15: unknown release bookwrom");
        assertThatThrownBy(() -> parse("<html>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("list line 1: expected an entry header");
        assertThatThrownBy(() -> parse(new byte[0])).hasMessage("list: not a Debian security tracker list (no entry)");
    }
}
