package dev.imagescan.vulndb.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ELSA OVAL definitions, real ones kept by vunnel's Oracle tests, as OSV records. */
class ElsaOvalParserTest {

    private static Map<String, OsvRecord> parse(byte[] xml) throws IOException {
        Map<String, OsvRecord> byId = new LinkedHashMap<>();
        ElsaOvalParser.parse(new ByteArrayInputStream(xml), "oval.xml", r -> byId.put(r.advisory().id(), r));
        return byId;
    }

    private static String fixed(AffectedPackage a) {
        return a.ranges().get(0).events().stream().filter(e -> e.type() == RangeEvent.Type.FIXED).findFirst()
                .orElseThrow().version();
    }

    @Test
    void anErratumWithItsSeverityCvesAndPackages() throws IOException {
        Map<String, OsvRecord> got = parse(FeedSamples.bytes("oracle/mock_data.xml"));

        assertThat(got).containsOnlyKeys("ELSA-2007-0057", "ELSA-2018-4250");
        OsvRecord bind = got.get("ELSA-2007-0057");
        assertThat(bind.advisory().aliases()).containsExactly("CVE-2007-0493", "CVE-2007-0494");
        assertThat(bind.advisory().rating()).isEqualTo("moderate");
        assertThat(bind.advisory().summary()).isEqualTo("ELSA-2007-0057:  Moderate: bind security update  (MODERATE)");
        assertThat(bind.advisory().published()).isEqualTo(Instant.parse("2007-06-26T00:00:00Z"));
        assertThat(bind.advisory().references()).containsExactly("https://linux.oracle.com/errata/ELSA-2007-0057.html");
        assertThat(bind.affected()).hasSize(8).allSatisfy(a -> {
            assertThat(a.ecosystem()).isEqualTo("Oracle Linux:5");
            assertThat(fixed(a)).isEqualTo("30:9.3.3-8.el5");
        });
        assertThat(got.get("ELSA-2018-4250").affected()).extracting(AffectedPackage::ecosystem).containsOnly(
                "Oracle Linux:6");
        assertThat(got.get("ELSA-2018-4250").advisory().rating()).isEqualTo("important");
    }

    @Test
    void kspliceBuildsGoToTheirOwnFlavorPerArch() throws IOException {
        OsvRecord openssl = parse(FeedSamples.bytes("oracle/mock_ksplice_data.xml")).get("ELSA-2021-9151");

        assertThat(openssl.affected()).extracting(AffectedPackage::ecosystem)
                .containsOnly("Oracle Linux:8:ksplice:x86_64", "Oracle Linux:8:ksplice:aarch64");
        assertThat(openssl.affected()).filteredOn(a -> a.name().equals("openssl")).extracting(ElsaOvalParserTest::fixed)
                .containsOnly("2:1.1.1g-15.ksplice1.el8_3");
    }

    @Test
    void perArchRespinsKeepTheirOwnFixes() throws IOException {
        OsvRecord rsyslog = parse(FeedSamples.bytes("oracle/mock_per_arch_data.xml")).get("ELSA-2022-4803");

        assertThat(rsyslog.affected()).filteredOn(a -> a.name().equals("rsyslog"))
                .extracting(a -> a.ecosystem() + " " + fixed(a))
                .containsExactlyInAnyOrder("Oracle Linux:7:aarch64 0:8.24.0-57.0.4.el7_9.3",
                        "Oracle Linux:7:x86_64 0:8.24.0-57.0.1.el7_9.3");
    }

    @Test
    void brokenDocumentsAreRefused() {
        byte[] xml = FeedSamples.bytes("oracle/mock_data.xml");
        String text = new String(xml, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(Arrays.copyOf(xml, xml.length / 2))).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("oval.xml: not well-formed XML");
        assertThatThrownBy(() -> parse("<rss/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("oval.xml: not an OVAL document (no oval_definitions)");
        assertThatThrownBy(() -> parse(text.replace("2007-06-26", "26/06/2007").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedFormatException.class).hasMessageContaining("is not YYYY-MM-DD");
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<oval_definitions><definitions>&e;</definitions></oval_definitions>";
        assertThatThrownBy(() -> parse(entity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedFormatException.class);
    }
}
