package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed documents: each one is refused with a message naming the document, the place and the problem. */
class OsvParserErrorsTest {
    private static final String HEAD = "\"id\": \"DSA-1-1\", \"modified\": \"2024-01-01T00:00:00Z\"";
    private final OsvParser parser = new OsvParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON            | {\"id\": \"DSA-1-1\",                          | bad.json (DSA-1-1): malformed JSON: Unexpected end-of-input",
        "not JSON at all     | id: DSA-1-1                                     | bad.json: malformed JSON: Unrecognized token 'id'",
        "not an object       | [1, 2]                                          | bad.json: expected a JSON object (one OSV record), got an array",
        "empty document      | ``                                              | bad.json: expected a JSON object (one OSV record), got the end of the document",
        "trailing content    | {" + HEAD + "} {}                               | bad.json (DSA-1-1): unexpected an object after the record",
        "missing id          | {\"modified\": \"2024-01-01T00:00:00Z\"}        | bad.json: missing 'id'",
        "empty id            | {\"id\": \" \", \"modified\": \"2024-01-01T00:00:00Z\"} | bad.json: /id: empty",
        "missing modified    | {\"id\": \"DSA-1-1\"}                           | bad.json (DSA-1-1): missing 'modified'",
        "id of wrong type    | {\"id\": 7}                                     | bad.json: /id: expected a string, got a number (line 1, column 8)",
        "bad time            | {\"id\": \"DSA-1-1\", \"modified\": \"yesterday\"} | bad.json (DSA-1-1): /modified: 'yesterday' is not an RFC 3339 date-time",
        "aliases not array   | {" + HEAD + ", \"aliases\": \"CVE-1\"}          | bad.json (DSA-1-1): /aliases: expected an array, got a string",
        "alias not string    | {" + HEAD + ", \"aliases\": [\"CVE-1\", 2]}     | bad.json (DSA-1-1): /aliases/1: expected a string, got a number",
        "affected not array  | {" + HEAD + ", \"affected\": {}}                | bad.json (DSA-1-1): /affected: expected an array, got an object",
        "entry not object    | {" + HEAD + ", \"affected\": [\"x\"]}           | bad.json (DSA-1-1): /affected/0: expected an object, got a string",
        "package no name     | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\"}}]} | bad.json (DSA-1-1): /affected/0/package: missing 'name'",
        "package no ecosystem| {" + HEAD + ", \"affected\": [{\"package\": {\"name\": \"a\"}}]} | bad.json (DSA-1-1): /affected/0/package: missing 'ecosystem'",
        "name wrong type     | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": [\"a\"]}}]} | bad.json (DSA-1-1): /affected/0/package/name: expected a string, got an array",
        "range without type  | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"ranges\": [{\"events\": [{\"introduced\": \"0\"}]}]}]} | bad.json (DSA-1-1): /affected/0/ranges/0: missing 'type'",
        "range without events| {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\"}]}]} | bad.json (DSA-1-1): /affected/0/ranges/0: missing 'events'",
        "event with two keys | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\", \"fixed\": \"1\"}]}]}]} | bad.json (DSA-1-1): /affected/0/ranges/0/events/0/fixed: an event has exactly one of introduced, fixed, last_affected, limit",
        "event with no key   | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"note\": \"0\"}]}]}]} | bad.json (DSA-1-1): /affected/0/ranges/0/events/0: an event has one of introduced, fixed, last_affected, limit",
        "event version number| {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"fixed\": 1.5}]}]}]} | bad.json (DSA-1-1): /affected/0/ranges/0/events/0/fixed: expected a string, got a number",
        "versions of numbers | {" + HEAD + ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"versions\": [1]}]} | bad.json (DSA-1-1): /affected/0/versions/0: expected a string, got a number",
        "severity no score   | {" + HEAD + ", \"severity\": [{\"type\": \"CVSS_V3\"}]} | bad.json (DSA-1-1): /severity/0: missing 'score'",
        "reference no url    | {" + HEAD + ", \"references\": [{\"type\": \"WEB\"}]} | bad.json (DSA-1-1): /references/0: missing 'url'",
        "duplicate key       | {" + HEAD + ", \"id\": \"DSA-2-1\"}             | bad.json (DSA-1-1): malformed JSON: Duplicate field 'id'",
        "boolean summary     | {" + HEAD + ", \"summary\": true}               | bad.json (DSA-1-1): /summary: expected a string, got a boolean",
    })
    void refusedWithAPreciseMessage(String what, String json, String message) {
        assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8), "bad.json"))
                .as(what)
                .isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> parser.parse("{\n  \"id\": \"DSA-1-1\",\n  \"modified\": }".getBytes(
                StandardCharsets.UTF_8), "dsa.json"))
                .isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith("dsa.json (DSA-1-1): malformed JSON: Unexpected character ('}'")
                .hasMessageEndingWith("(line 3, column 15)");
    }

    @Test
    void nestingIsCapped() {
        String deep = "[".repeat(OsvParser.MAX_NESTING_DEPTH + 1) + "]".repeat(OsvParser.MAX_NESTING_DEPTH + 1);
        byte[] json = ("{" + HEAD + ", \"x_deep\": " + deep + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(json, "deep.json"))
                .isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith("deep.json (DSA-1-1): malformed JSON: Document nesting depth");
    }

    @Test
    void documentsOverTheLimitAreRefusedBeforeParsing() {
        OsvParser small = new OsvParser(OsvLimits.DEFAULT.withMaxDocumentBytes(100), w -> {});
        byte[] json = ("{" + HEAD + ", \"details\": \"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> small.parse(json, "big.json"))
                .isInstanceOf(OsvFormatException.class).hasMessage("big.json: larger than 100 bytes");
        assertThatThrownBy(() -> small.parse(new ByteArrayInputStream(json), "big.json"))
                .isInstanceOf(OsvFormatException.class).hasMessage("big.json: larger than 100 bytes");
    }

    @Test
    void theDefaultLimitIsSixteenMebibytes() {
        byte[] json = new byte[(16 << 20) + 1];

        assertThatThrownBy(() -> parser.parse(json, "huge.json"))
                .isInstanceOf(OsvFormatException.class).hasMessage("huge.json: larger than 16777216 bytes");
    }
}
