package dev.imagescan.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walk the JSON readers share: members, elements, absent values, wrong types and where they are. */
class StrictJsonReaderTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** A wrong type as "POINTER: expected X, got Y (line L, column C)". */
    private static StrictJsonReader reader(String json) throws IOException {
        JsonParser p = FACTORY.createParser(json);
        return new StrictJsonReader(p, (r, expected) -> new IllegalArgumentException(r.pointer() + ": expected "
                + expected + ", got " + StrictJsonReader.kind(r.current()) + " ("
                + StrictJsonReader.lineAndColumn(r.location()) + ")"));
    }

    @Test
    void walksMembersAndElementsSkippingWhatIsNotWanted() throws IOException {
        StrictJsonReader r = reader("{\"a\": [\"x\", null, \"y\"], \"skip\": {\"deep\": [1, {}]}, \"b\": \"z\"}");
        r.next();
        List<String> seen = new ArrayList<>();
        while (r.nextMember()) {
            switch (r.name()) {
                case "a" -> {
                    assertThat(r.startArray()).isTrue();
                    while (r.nextElement()) {
                        seen.add(r.pointer() + "=" + r.string());
                    }
                }
                case "b" -> seen.add(r.pointer() + "=" + r.string());
                default -> r.skip();
            }
        }
        assertThat(r.current()).isEqualTo(JsonToken.END_OBJECT);
        assertThat(r.next()).isNull();
        assertThat(seen).containsExactly("/a/0=x", "/a/1=null", "/a/2=y", "/b=z");
    }

    @Test
    void nullStandsForAnAbsentObjectOrArray() throws IOException {
        StrictJsonReader r = reader("[null, null]");
        r.next();
        r.nextElement();
        assertThat(r.startObject()).isFalse();
        r.nextElement();
        assertThat(r.startArray()).isFalse();
    }

    @Test
    void aValueOfTheWrongTypeFailsThroughTheCallersWords() throws IOException {
        StrictJsonReader r = reader("{\"a\": {\"b\": [1,\n  {\"c\": true}]}}");
        r.next();
        r.nextMember();
        r.nextMember();
        r.nextElement();
        assertThatThrownBy(r::string).hasMessage("/a/b/0: expected a string, got a number (line 1, column 14)");
        r.nextElement();
        assertThatThrownBy(r::startArray).hasMessage("/a/b/1: expected an array, got an object (line 2, column 3)");
        r.nextMember();
        assertThatThrownBy(() -> r.expect(JsonToken.VALUE_STRING, "a name"))
                .hasMessage("/a/b/1/c: expected a name, got a boolean (line 2, column 9)");
        assertThat(r.wrongType("a level")).hasMessage("/a/b/1/c: expected a level, got a boolean (line 2, column 9)");
    }

    @Test
    void pointersEscapeMemberNames() throws IOException {
        StrictJsonReader r = reader("{\"a/b~c\": 1}");
        r.next();
        r.nextMember();
        assertThat(r.pointer()).isEqualTo("/a~1b~0c");
        assertThat(r.name()).isEqualTo("a/b~c");
    }

    @Test
    void namesKindsOfValuesAndPlaces() {
        assertThat(StrictJsonReader.kind(JsonToken.START_OBJECT)).isEqualTo("an object");
        assertThat(StrictJsonReader.kind(JsonToken.VALUE_NUMBER_FLOAT)).isEqualTo("a number");
        assertThat(StrictJsonReader.kind(JsonToken.VALUE_FALSE)).isEqualTo("a boolean");
        assertThat(StrictJsonReader.kind(JsonToken.VALUE_NULL)).isEqualTo("null");
        assertThat(StrictJsonReader.kind(null)).isEqualTo("the end of the document");
        assertThat(StrictJsonReader.kind(JsonToken.END_ARRAY)).isEqualTo("']'");
        assertThat(StrictJsonReader.lineAndColumn(JsonLocation.NA)).isNull();
        assertThat(StrictJsonReader.lineAndColumn(null)).isNull();
    }
}
