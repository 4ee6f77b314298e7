package dev.imagescan.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both layouts of the ignore file, and the errors that name the entry at fault. */
class IgnoreFileParserTest {

    /** The {@code .trivyignore.yaml} example of Trivy's filtering documentation, as written there. */
    private static final String TRIVY_EXAMPLE = """
            vulnerabilities:
              - id: CVE-2022-40897
                paths:
                  - "usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"
                statement: Accept the risk
              - id: CVE-2023-2650
              - id: CVE-2023-3446
              - id: CVE-2023-3817
                purls:
                  - "pkg:deb/debian/libssl1.1"
              - id: CVE-2023-29491
                expired_at: 2023-09-01
            """;

    @Test
    void readsTrivysYamlExample() {
        List<IgnoreRule> rules = IgnoreFileParser.parse(TRIVY_EXAMPLE, ".trivyignore.yaml");

        assertThat(rules).extracting(IgnoreRule::id).containsExactly("CVE-2022-40897", "CVE-2023-2650",
                "CVE-2023-3446", "CVE-2023-3817", "CVE-2023-29491");
        assertThat(rules.get(0).paths()).containsExactly(
                "usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA");
        assertThat(rules.get(0).statement()).isEqualTo("Accept the risk");
        assertThat(rules.get(3).purls()).containsExactly("pkg:deb/debian/libssl1.1");
        assertThat(rules.get(4).expiresOn()).isEqualTo(LocalDate.of(2023, 9, 1));
        assertThat(rules.get(4).expired(LocalDate.of(2023, 8, 31))).isFalse();
        assertThat(rules.get(4).expired(LocalDate.of(2023, 9, 1))).isTrue();
        assertThat(rules.get(4).where()).isEqualTo(".trivyignore.yaml: vulnerabilities[4]");
    }

    @Test
    void readsTheLineLayoutWithExpiryAndReason() {
        List<IgnoreRule> rules = IgnoreFileParser.parse("""
                # Accept the risk
                CVE-2018-14618

                CVE-2019-14697 exp:2023-01-01
                GHSA-xxxx-yyyy-zzzz # not reachable from our code
                """, ".imagescanignore");

        assertThat(rules).extracting(IgnoreRule::id).containsExactly("CVE-2018-14618", "CVE-2019-14697",
                "GHSA-xxxx-yyyy-zzzz");
        assertThat(rules.get(1).expiresOn()).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(rules.get(2).statement()).isEqualTo("not reachable from our code");
        assertThat(rules.get(2).where()).isEqualTo(".imagescanignore:5");
    }

    @Test
    void anEmptyOrCommentOnlyFileHasNoRules() {
        assertThat(IgnoreFileParser.parse("", "f")).isEmpty();
        assertThat(IgnoreFileParser.parse("# nothing yet\n\n", "f")).isEmpty();
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> IgnoreFileParser.parse("vulnerabilities:\n  - statement: x\n", "f"))
                .isInstanceOf(SuppressionFormatException.class).hasMessage("f: vulnerabilities[0]: missing id");
        assertThatThrownBy(() -> IgnoreFileParser.parse("vulnerabilities:\n  - id: CVE-1\n    expired_at: soon\n",
                "f")).hasMessage("f: vulnerabilities[0].expired_at: 'soon' is not a date such as 2025-12-31");
        assertThatThrownBy(() -> IgnoreFileParser.parse("vulnerabilities:\n  - id: CVE-1\n    purls: [curl]\n",
                "f")).hasMessage("f: vulnerabilities[0].purls: 'curl' is not a package URL");
        assertThatThrownBy(() -> IgnoreFileParser.parse("misconfigurations: []\n", "f"))
                .hasMessage("f: unknown key 'misconfigurations' (only 'vulnerabilities' is read)");
        assertThatThrownBy(() -> IgnoreFileParser.parse("CVE-1 exp:someday\n", "f"))
                .hasMessage("f:1: 'someday' is not a date such as 2025-12-31");
        assertThatThrownBy(() -> IgnoreFileParser.parse("vulnerabilities: [\n", "f"))
                .isInstanceOf(SuppressionFormatException.class).hasMessageStartingWith("f: not valid YAML: ");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append("]\n");
        }
        assertThatThrownBy(() -> IgnoreFileParser.parse(yaml.toString(), "f"))
                .isInstanceOf(SuppressionFormatException.class);
    }
}
