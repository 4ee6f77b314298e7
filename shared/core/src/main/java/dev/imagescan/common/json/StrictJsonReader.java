package dev.imagescan.common.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A strict walk over one JSON document with jackson-core's streaming parser, for the hand-written readers of the
 * scanner's JSON inputs (OSV records, CycloneDX BOMs, policies): member by member and element by element, checking
 * each value's type, skipping what the reader does not want, and saying where it is (JSON pointer, line and column)
 * when something is wrong.
 *
 * <p>It words no error of its own beyond naming kinds of values ({@link #kind}): a value of the wrong type is handed to
 * the {@link WrongType} the reader was made with, so each format keeps its own exception type and message. The parser
 * is the caller's: it makes it (with its limits) and closes it.
 */
public final class StrictJsonReader {
    /** Makes the failure for a value of the wrong type, in the words and exception type of one format. */
    @FunctionalInterface
    public interface WrongType {
        /**
         * The exception to throw for the current value of {@code reader}, which is not {@code expected}.
         *
         * @param expected what the value should have been, with its article: {@code "an array"}, {@code "a string"}
         * @throws IOException when describing the value needs more of the input and that input is not JSON
         */
        RuntimeException at(StrictJsonReader reader, String expected) throws IOException;
    }

    private final JsonParser parser;
    private final WrongType wrongType;

    /** Reads from {@code parser}, failing on a value of the wrong type with what {@code wrongType} makes. */
    public StrictJsonReader(JsonParser parser, WrongType wrongType) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.wrongType = Objects.requireNonNull(wrongType, "wrongType");
    }

    /** Moves to the next token and returns it; null past the end of the input. */
    public JsonToken next() throws IOException {
        return parser.nextToken();
    }

    /** The token the reader is on; null before the first one and past the end. */
    public JsonToken current() {
        return parser.currentToken();
    }

    /**
     * In an object, moves to the value of its next member and returns true (its name is {@link #name()}), or stays
     * on the object's end and returns false.
     */
    public boolean nextMember() throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return false;
        }
        parser.nextToken();
        return true;
    }

    /** In an array, moves to its next element and returns true, or stays on the array's end and returns false. */
    public boolean nextElement() throws IOException {
        return parser.nextToken() != JsonToken.END_ARRAY;
    }

    /** The name of the member the reader is on (its name or its value). */
    public String name() throws IOException {
        return parser.currentName();
    }

    /** Skips the current value: an object or array with all it holds, nothing for a scalar. */
    public void skip() throws IOException {
        parser.skipChildren();
    }

    /** The text of the current token: a string's value, a number or literal as written. */
    public String text() throws IOException {
        return parser.getText();
    }

    /** The current integer's value, whatever its size. */
    public BigInteger bigInteger() throws IOException {
        return parser.getBigIntegerValue();
    }

    /** Fails with the {@link WrongType} unless the current token is {@code token}, described as {@code what}. */
    public void expect(JsonToken token, String what) throws IOException {
        if (parser.currentToken() != token) {
            throw wrongType(what);
        }
    }

    /** True at the start of an object; false at null, which stands for an absent value; else it fails. */
    public boolean startObject() throws IOException {
        return start(JsonToken.START_OBJECT, "an object");
    }

    /** True at the start of an array; false at null, which stands for an absent value; else it fails. */
    public boolean startArray() throws IOException {
        return start(JsonToken.START_ARRAY, "an array");
    }

    private boolean start(JsonToken token, String what) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        expect(token, what);
        return true;
    }

    /** The current string; null for null, which stands for an absent value; else it fails. */
    public String string() throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType("a string");
    }

    /** The failure for the current value, which is not {@code expected}: for the readers' own checks of a value. */
    public RuntimeException wrongType(String expected) throws IOException {
        return wrongType.at(this, expected);
    }

    /** The JSON pointer of the current value ({@code /affected/0/ranges}); empty at the top of the document. */
    public String pointer() {
        return parser.getParsingContext().pathAsPointer().toString();
    }

    /** Where the current token starts in the input. */
    public JsonLocation location() {
        return parser.currentTokenLocation();
    }

    /** {@code line 3, column 15}: where {@code location} is; null when it is not known. */
    public static String lineAndColumn(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? null
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** What kind of value a token starts, for messages: {@code an object}, {@code a number}, {@code null} …. */
    public static String kind(JsonToken t) {
        if (t == null) {
            return "the end of the document";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }
}
