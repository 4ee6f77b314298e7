package dev.imagescan.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy document (docs/policy.md) with jackson-core's streaming parser, as strictly as
 * docs/schemas/policy-v1.schema.json states it: unknown fields, wrong types, unknown levels, missing required fields,
 * impossible dates and duplicate fields are each a {@link PolicyFormatException} naming the JSON pointer of the value.
 * Documents over {@value #MAX_BYTES} bytes are refused.
 */
public final class PolicyParser {
    /** The largest policy document read. */
    public static final int MAX_BYTES = 1 << 20;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String LEVELS = "High, Medium, Low or Unknown";

    private PolicyParser() {}

    /** Reads the policy file at {@code file}. */
    public static Policy read(Path file) throws IOException, PolicyFormatException {
        if (Files.size(file) > MAX_BYTES) {
            throw new PolicyFormatException("", "document over " + MAX_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(file));
    }

    /** Reads a policy document from a stream (at most {@link #MAX_BYTES} bytes). */
    public static Policy read(InputStream in) throws IOException, PolicyFormatException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new PolicyFormatException("", "document over " + MAX_BYTES + " bytes");
        }
        return parse(bytes);
    }

    /** Reads a policy document given as text. */
    public static Policy parse(String json) throws PolicyFormatException {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a policy document (UTF-8 JSON). */
    public static Policy parse(byte[] json) throws PolicyFormatException {
        try (JsonParser p = FACTORY.createParser(json)) {
            Policy policy = document(p);
            if (p.nextToken() != null) {
                throw new PolicyFormatException("", "unexpected content after the document" + at(p));
            }
            return policy;
        } catch (JsonParseException e) {
            throw new PolicyFormatException("", "not JSON: " + e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException e) {
            throw new PolicyFormatException("", "not readable: " + e.getMessage());
        }
    }

    private static Policy document(JsonParser p) throws IOException, PolicyFormatException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new PolicyFormatException("", "empty document");
        }
        expect(p, "", JsonToken.START_OBJECT, "an object");
        String version = null;
        Severity blockAt = Severity.HIGH;
        boolean onlyFixable = true;
        boolean blockOnUnknownCoverage = false;
        Map<Severity, Integer> maxCounts = Map.of();
        List<AllowEntry> allow = List.of();
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String path = "/" + escape(name);
            if (!seen.add(name)) {
                throw new PolicyFormatException(path, "duplicate field");
            }
            p.nextToken();
            switch (name) {
                case "version" -> version = version(p, path);
                case "blockAt" -> blockAt = p.currentToken() == JsonToken.VALUE_NULL ? null : level(p, path);
                case "onlyFixable" -> onlyFixable = bool(p, path);
                case "blockOnUnknownCoverage" -> blockOnUnknownCoverage = bool(p, path);
                case "maxCounts" -> maxCounts = maxCounts(p, path);
                case "allow" -> allow = allow(p, path);
                default -> throw new PolicyFormatException(path, "unknown field (known: version, blockAt, onlyFixable,"
                        + " maxCounts, allow, blockOnUnknownCoverage)");
            }
        }
        if (version == null) {
            throw new PolicyFormatException("/version", "missing (required: an integer or a non-empty string)");
        }
        return new Policy(version, blockAt, onlyFixable, maxCounts, allow, blockOnUnknownCoverage);
    }

    private static String version(JsonParser p, String path) throws IOException, PolicyFormatException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getBigIntegerValue().toString();
        }
        if (p.currentToken() == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
            return p.getText();
        }
        throw new PolicyFormatException(path, "expected an integer or a non-empty string, got " + describe(p));
    }

    private static Severity level(JsonParser p, String path) throws IOException, PolicyFormatException {
        expect(p, path, JsonToken.VALUE_STRING, "a level (" + LEVELS + ")");
        String text = p.getText();
        for (Severity s : Severity.values()) {
            if (s.label().equals(text)) {
                return s;
            }
        }
        throw new PolicyFormatException(path, "unknown level \"" + text + "\" (expected " + LEVELS + ")");
    }

    private static boolean bool(JsonParser p, String path) throws IOException, PolicyFormatException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new PolicyFormatException(path, "expected true or false, got " + describe(p));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static Map<Severity, Integer> maxCounts(JsonParser p, String path) throws IOException, PolicyFormatException {
        expect(p, path, JsonToken.START_OBJECT, "an object of levels to counts");
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String field = path + "/" + escape(name);
            Severity level = null;
            for (Severity s : Severity.values()) {
                if (s.label().equals(name)) {
                    level = s;
                }
            }
            if (level == null) {
                throw new PolicyFormatException(field, "unknown level (expected " + LEVELS + ")");
            }
            if (counts.containsKey(level)) {
                throw new PolicyFormatException(field, "duplicate field");
            }
            p.nextToken();
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getBigIntegerValue().signum() < 0
                    || p.getBigIntegerValue().bitLength() > 31) {
                throw new PolicyFormatException(field, "expected a count (an integer from 0 to 2147483647), got "
                        + describe(p));
            }
            counts.put(level, p.getIntValue());
        }
        return counts;
    }

    private static List<AllowEntry> allow(JsonParser p, String path) throws IOException, PolicyFormatException {
        expect(p, path, JsonToken.START_ARRAY, "an array of allow-list entries");
        List<AllowEntry> entries = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            entries.add(entry(p, path + "/" + entries.size()));
        }
        return entries;
    }

    private static AllowEntry entry(JsonParser p, String path) throws IOException, PolicyFormatException {
        expect(p, path, JsonToken.START_OBJECT, "an object {id, package, reason, expires}");
        String id = null;
        String pkg = null;
        String reason = null;
        LocalDate expires = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String field = path + "/" + escape(name);
            if (!seen.add(name)) {
                throw new PolicyFormatException(field, "duplicate field");
            }
            p.nextToken();
            switch (name) {
                case "id" -> id = text(p, field);
                case "package" -> pkg = text(p, field);
                case "reason" -> reason = text(p, field);
                case "expires" -> expires = date(p, field);
                default -> throw new PolicyFormatException(field, "unknown field (known: id, package, reason, expires)");
            }
        }
        if (id == null) {
            throw new PolicyFormatException(path + "/id", "missing (required: the vulnerability or advisory id)");
        }
        if (reason == null) {
            throw new PolicyFormatException(path + "/reason", "missing (required: why the finding is accepted)");
        }
        if (expires == null) {
            throw new PolicyFormatException(path + "/expires", "missing (required: a date, YYYY-MM-DD)");
        }
        return new AllowEntry(id, pkg, reason, expires);
    }

    private static String text(JsonParser p, String path) throws IOException, PolicyFormatException {
        if (p.currentToken() != JsonToken.VALUE_STRING || p.getText().isBlank()) {
            throw new PolicyFormatException(path, "expected a non-empty string, got " + describe(p));
        }
        return p.getText();
    }

    private static LocalDate date(JsonParser p, String path) throws IOException, PolicyFormatException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new PolicyFormatException(path, "expected a date (YYYY-MM-DD), got " + describe(p));
        }
        String text = p.getText();
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // falls through
        }
        throw new PolicyFormatException(path, "\"" + text + "\" is not a date (YYYY-MM-DD)");
    }

    private static void expect(JsonParser p, String path, JsonToken token, String what)
            throws IOException, PolicyFormatException {
        if (p.currentToken() != token) {
            throw new PolicyFormatException(path, "expected " + what + ", got " + describe(p));
        }
    }

    /** What a value is, for messages: {@code the string "x"}, {@code the number 3}, {@code an array}. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the document";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String at(JsonParser p) {
        return at(p.currentTokenLocation());
    }

    private static String at(JsonLocation l) {
        return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }
}
