package dev.imagescan.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {

    @Test
    void readsEveryField() throws PolicyFormatException {
        Policy p = PolicyParser.parse("""
                {"version": 7, "blockAt": "Medium", "onlyFixable": false, "maxCounts": {"Low": 10, "Unknown": 0},
                 "blockOnUnknownCoverage": true,
                 "allow": [{"id": "CVE-2024-1", "package": "openssl", "reason": "not reachable", "expires": "2027-01-31"},
                           {"id": "DSA-5532-1", "reason": "accepted", "expires": "2026-12-01"}]}
                """);

        assertThat(p.version()).isEqualTo("7");
        assertThat(p.blockAt()).isEqualTo(Severity.MEDIUM);
        assertThat(p.onlyFixable()).isFalse();
        assertThat(p.maxCounts()).isEqualTo(Map.of(Severity.LOW, 10, Severity.UNKNOWN, 0));
        assertThat(p.blockOnUnknownCoverage()).isTrue();
        assertThat(p.allow()).containsExactly(
                new AllowEntry("CVE-2024-1", "openssl", "not reachable", LocalDate.of(2027, 1, 31)),
                new AllowEntry("DSA-5532-1", null, "accepted", LocalDate.of(2026, 12, 1)));
    }

    @Test
    void omittedFieldsTakeTheDefaultPolicy() throws PolicyFormatException {
        Policy p = PolicyParser.parse("{\"version\": \"2026-11-a\"}");

        assertThat(p).isEqualTo(new Policy("2026-11-a", Severity.HIGH, true, Map.of(), List.of(), false));
        assertThat(Policy.defaults().blockAt()).isEqualTo(Severity.HIGH);
        assertThat(Policy.defaults().onlyFixable()).isTrue();
        assertThat(PolicyParser.parse("{\"version\": 1, \"blockAt\": null}").blockAt()).isNull();
    }

    /** Documents both the parser and the schema accept. */
    static Stream<String> good() {
        return Stream.of(
                "{\"version\": 1}",
                "{\"version\": \"v2\", \"blockAt\": \"Unknown\", \"onlyFixable\": true}",
                "{\"version\": 0, \"blockAt\": null, \"maxCounts\": {\"High\": 0, \"Medium\": 5}}",
                "{\"version\": 3, \"allow\": []}",
                "{\"version\": 3, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\": \"2024-02-29\"}]}",
                "{\"version\": 3, \"allow\": [{\"id\": \"GHSA-x\", \"package\": \"p\", \"reason\": \"r\","
                        + " \"expires\": \"2030-12-31\"}], \"blockOnUnknownCoverage\": false}",
                "{\"version\": 4, \"vex\": []}",
                "{\"version\": 4, \"vex\": [{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\","
                        + " \"vulnerabilities\": []}]}");
    }

    /** Documents both refuse, with the JSON pointer the parser names and words its message contains. */
    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("[]", "", "expected an object"),
                Arguments.of("{}", "/version", "missing"),
                Arguments.of("{\"version\": \"\"}", "/version", "non-empty string"),
                Arguments.of("{\"version\": 1.5}", "/version", "the number 1.5"),
                Arguments.of("{\"version\": true}", "/version", "got true"),
                Arguments.of("{\"version\": 1, \"blockAt\": \"high\"}", "/blockAt", "unknown level \"high\""),
                Arguments.of("{\"version\": 1, \"blockAt\": \"Critical\"}", "/blockAt", "unknown level"),
                Arguments.of("{\"version\": 1, \"blockAt\": 3}", "/blockAt", "expected a level"),
                Arguments.of("{\"version\": 1, \"onlyFixable\": \"yes\"}", "/onlyFixable", "expected true or false"),
                Arguments.of("{\"version\": 1, \"blockOnUnknownCoverage\": 1}", "/blockOnUnknownCoverage",
                        "expected true or false"),
                Arguments.of("{\"version\": 1, \"maxCounts\": []}", "/maxCounts", "expected an object"),
                Arguments.of("{\"version\": 1, \"maxCounts\": {\"Critical\": 1}}", "/maxCounts/Critical",
                        "unknown level"),
                Arguments.of("{\"version\": 1, \"maxCounts\": {\"High\": -1}}", "/maxCounts/High", "expected a count"),
                Arguments.of("{\"version\": 1, \"maxCounts\": {\"High\": \"2\"}}", "/maxCounts/High",
                        "expected a count"),
                Arguments.of("{\"version\": 1, \"allow\": {}}", "/allow", "expected an array"),
                Arguments.of("{\"version\": 1, \"allow\": [\"CVE-1\"]}", "/allow/0", "expected an object"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"reason\": \"r\", \"expires\": \"2027-01-01\"}]}",
                        "/allow/0/id", "missing"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"expires\": \"2027-01-01\"}]}",
                        "/allow/0/reason", "missing"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " \"2027-01-01\"}, {\"id\": \"CVE-2\", \"reason\": \"r\"}]}", "/allow/1/expires", "missing"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \" \", \"expires\":"
                        + " \"2027-01-01\"}]}", "/allow/0/reason", "non-empty string"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " \"2027-1-01\"}]}", "/allow/0/expires", "is not a date"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " \"2027-13-01\"}]}", "/allow/0/expires", "is not a date"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " \"2027-02-30\"}]}", "/allow/0/expires", "is not a date"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " 20270101}]}", "/allow/0/expires", "expected a date"),
                Arguments.of("{\"version\": 1, \"allow\": [{\"id\": \"CVE-1\", \"reason\": \"r\", \"expires\":"
                        + " \"2027-01-01\", \"until\": \"x\"}]}", "/allow/0/until", "unknown field"),
                Arguments.of("{\"version\": 1, \"blockat\": \"High\"}", "/blockat", "unknown field"));
    }

    @ParameterizedTest
    @MethodSource("good")
    void parserAndSchemaAcceptTheSameGoodDocuments(String json) throws Exception {
        assertThat(JsonSchemas.policyProblems(new ObjectMapper().readTree(json))).isEmpty();
        PolicyParser.parse(json);
    }

    @ParameterizedTest
    @MethodSource("bad")
    void parserAndSchemaRefuseTheSameBadDocuments(String json, String path, String words) throws Exception {
        assertThat(JsonSchemas.policyProblems(new ObjectMapper().readTree(json))).isNotEmpty();
        assertThatThrownBy(() -> PolicyParser.parse(json))
                .isInstanceOfSatisfying(PolicyFormatException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).contains(words);
                    assertThat(e.getMessage()).startsWith("policy " + (path.isEmpty() ? "/" : path) + ": ");
                });
    }

    @Test
    void refusesWhatTheSchemaCannotSee() {
        assertThatThrownBy(() -> PolicyParser.parse("{\"version\": 1, \"version\": 2}"))
                .hasMessage("policy /version: duplicate field");
        assertThatThrownBy(() -> PolicyParser.parse("{\"version\": 1,"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("not JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> PolicyParser.parse("{\"version\": 1} {}"))
                .hasMessageContaining("unexpected content after the document");
        assertThatThrownBy(() -> PolicyParser.parse("")).hasMessage("policy /: empty document");
    }

    @Test
    void theExamplesInTheDocsAreValid() throws IOException, PolicyFormatException {
        String doc = Files.readString(JsonSchemas.docs().resolve("policy.md"));
        List<String> examples = List.of(doc.split("```json\n")).stream().skip(1)
                .map(s -> s.substring(0, s.indexOf("```"))).filter(s -> s.contains("\"version\"")
                        && !s.contains("\"decision\"")).toList();
        assertThat(examples).isNotEmpty();
        for (String json : examples) {
            assertThat(JsonSchemas.policyProblems(new ObjectMapper().readTree(json))).isEmpty();
            PolicyParser.parse(json);
        }
    }

    @Test
    void readsAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"version\": 12}");
        assertThat(PolicyParser.read(file).version()).isEqualTo("12");
        Files.write(file, new byte[PolicyParser.MAX_BYTES + 1]);
        assertThatThrownBy(() -> PolicyParser.read(file)).hasMessageContaining("over");
    }
}
