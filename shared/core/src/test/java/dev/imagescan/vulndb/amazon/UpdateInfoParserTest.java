package dev.imagescan.vulndb.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Amazon's real updateinfo samples (vulndb/amazon/README.md) read into ALAS records. */
class UpdateInfoParserTest {

    static String xml(String sample) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(FeedSamples.bytes("amazon/" + sample)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<OsvRecord> parse(String xml) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        UpdateInfoParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "updateinfo.xml",
                records::add);
        return records;
    }

    @Test
    void anAmazonLinux2UpdateGivesItsCvesSeverityDatesAndFixedVersions() throws IOException {
        List<OsvRecord> records = parse(xml("updateinfo_1_item.xml.gz"));

        assertThat(records).hasSize(1);
        OsvRecord r = records.get(0);
        assertThat(r.advisory().id()).isEqualTo("ALAS2-2018-939");
        assertThat(r.advisory().aliases()).containsExactly("CVE-2017-5754", "CVE-2017-5715");
        assertThat(r.advisory().rating()).isEqualTo("critical");
        assertThat(r.advisory().summary())
                .isEqualTo("Amazon Linux 2 2017.12 - ALAS2-2018-939: critical priority package update for kernel");
        assertThat(r.advisory().published()).isEqualTo(Instant.parse("2018-01-11T21:05:00Z"));
        assertThat(r.advisory().modified()).isEqualTo(Instant.parse("2018-01-16T01:28:00Z"));
        assertThat(r.advisory().references()).containsExactly("https://alas.aws.amazon.com/AL2/ALAS-2018-939.html");
        assertThat(r.affected()).extracting(AffectedPackage::ecosystem).containsOnly("Amazon Linux:2");
        assertThat(r.affected()).extracting(AffectedPackage::name).hasSize(13).contains("kernel", "kernel-doc",
                "kernel-headers", "perf");
        AffectedPackage kernel = r.affected().stream().filter(a -> a.name().equals("kernel")).findFirst()
                .orElseThrow();
        assertThat(kernel.ranges().get(0).events()).extracting(e -> e.type() + " " + e.version())
                .containsExactly("INTRODUCED 0", "FIXED 4.9.76-38.79.amzn2");
    }

    @Test
    void epochsAreWrittenWhenNotZero() throws IOException {
        List<OsvRecord> records = parse(xml("updateinfo_2_items.xml.gz"));

        assertThat(records).extracting(r -> r.advisory().id()).containsExactly("ALAS2-2018-942", "ALAS2-2018-949");
        assertThat(fixed(records.get(0), "qemu-kvm")).isEqualTo("10:1.5.3-141.amzn2.5.3");
        assertThat(fixed(records.get(1), "java-1.8.0-openjdk")).isEqualTo("1:1.8.0.161-0.b14.amzn2");
        assertThat(records.get(0).advisory().aliases()).containsExactly("CVE-2017-5715");
        assertThat(records.get(1).advisory().aliases()).hasSize(15).contains("CVE-2018-2579", "CVE-2018-2663");
        assertThat(records).allSatisfy(r -> assertThat(r.advisory().rating()).isEqualTo("important"));
    }

    @Test
    void amazonLinux2023And2022AreTheirOwnReleasesOneEntryPerPackageOverTheirArchitectures() throws IOException {
        OsvRecord al2023 = parse(xml("updateinfo_AL2023.xml.gz")).get(0);
        OsvRecord al2022 = parse(xml("updateinfo_AL2022.xml.gz")).get(0);

        assertThat(al2023.advisory().id()).isEqualTo("ALAS2023-2023-001");
        assertThat(al2023.advisory().rating()).as("Important, lowercased").isEqualTo("important");
        assertThat(al2023.advisory().references())
                .containsExactly("https://alas.aws.amazon.com/AL2023/ALAS-2023-001.html");
        assertThat(al2023.affected()).extracting(AffectedPackage::ecosystem).containsOnly("Amazon Linux:2023");
        assertThat(al2023.affected()).extracting(AffectedPackage::name).doesNotHaveDuplicates().contains("rsyslog");
        assertThat(fixed(al2023, "rsyslog")).isEqualTo("8.2204.0-3.amzn2023.0.2");
        assertThat(al2022.affected()).extracting(AffectedPackage::ecosystem).containsOnly("Amazon Linux:2022");
        assertThat(fixed(al2022, "vim-enhanced")).isEqualTo("2:8.2.3512-1.amzn2022");
        assertThat(al2022.advisory().rating()).isEqualTo("medium");
    }

    @Test
    void aFixThatDiffersByArchitectureIsKeptPerArchitecture() throws IOException {
        // built in the test from the real AL2023 sample: its aarch64 rsyslog respun at another release
        String xml = xml("updateinfo_AL2023.xml.gz").replace(
                "name=\"rsyslog\" version=\"8.2204.0\" release=\"3.amzn2023.0.2\" epoch=\"0\" arch=\"aarch64\"",
                "name=\"rsyslog\" version=\"8.2204.0\" release=\"3.amzn2023.0.3\" epoch=\"0\" arch=\"aarch64\"");
        assertThat(xml).contains("3.amzn2023.0.3");

        OsvRecord r = parse(xml).get(0);

        assertThat(r.affected()).filteredOn(a -> a.name().equals("rsyslog"))
                .extracting(a -> a.ecosystem() + " " + a.ranges().get(0).events().get(1).version())
                .containsExactlyInAnyOrder("Amazon Linux:2023:aarch64 8.2204.0-3.amzn2023.0.3",
                        "Amazon Linux:2023:i686 8.2204.0-3.amzn2023.0.2",
                        "Amazon Linux:2023:x86_64 8.2204.0-3.amzn2023.0.2");
    }

    @Test
    void extrasTopicsAndOtherUpdateTypesAreSkipped() throws IOException {
        String real = xml("updateinfo_1_item.xml.gz");
        // built in the test: the same update as an Extras topic's and as a bug fix
        String extras = real.replace("<id>ALAS2-2018-939</id>", "<id>ALAS2KERNEL-5.10-2018-939</id>");
        String bugfix = real.replace("type=\"security\"", "type=\"bugfix\"");

        UpdateInfoParser.Counts e = UpdateInfoParser.parse(stream(extras), "u", r -> { });
        UpdateInfoParser.Counts b = UpdateInfoParser.parse(stream(bugfix), "u", r -> { });

        assertThat(e).isEqualTo(new UpdateInfoParser.Counts(0, 1, 0));
        assertThat(b).isEqualTo(new UpdateInfoParser.Counts(0, 0, 1));
    }

    @Test
    void malformedDocumentsAreRefusedNamingTheDocumentAndLine() throws IOException {
        String truncated = xml("updateinfo_invalid.xml.gz");

        assertThatThrownBy(() -> parse(truncated)).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("updateinfo.xml: not well-formed XML at line ");
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\"?><repomd/>")).isInstanceOf(FeedFormatException.class)
                .hasMessage("updateinfo.xml: not an updateinfo document (its root is <repomd>, not <updates>)");
        assertThatThrownBy(() -> parse(xml("updateinfo_1_item.xml.gz").replace("2018-01-11 21:05", "11/01/2018")))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageContaining("update ALAS2-2018-939: date '11/01/2018' is not YYYY-MM-DD HH:MM[:SS]");
        assertThatThrownBy(() -> parse("<!DOCTYPE updates [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<updates>&x;</updates>")).isInstanceOf(FeedFormatException.class);
    }

    private static InputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String fixed(OsvRecord r, String name) {
        return r.affected().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().ranges().get(0)
                .events().get(1).version();
    }
}
