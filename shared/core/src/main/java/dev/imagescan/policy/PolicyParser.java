package dev.imagescan.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.common.json.StrictJsonReader;
import dev.imagescan.report.Severity;
import dev.imagescan.suppress.SuppressionFormatException;
import dev.imagescan.suppress.VexDocuments;
import dev.imagescan.suppress.VexStatement;
import dev.imagescan.vulndb.FixStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
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

    /** Reads the policy file at {@code file}; a document that is not valid is a {@link PolicyFormatException}. */
    public static Policy read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new PolicyFormatException("", "document over " + MAX_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(file));
    }

    /** Reads a policy document from a stream (at most {@link #MAX_BYTES} bytes). */
    public static Policy read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new PolicyFormatException("", "document over " + MAX_BYTES + " bytes");
        }
        return parse(bytes);
    }

    /** Reads a policy document given as text. */
    public static Policy parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a policy document (UTF-8 JSON); one that is not valid is a {@link PolicyFormatException}. */
    public static Policy parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            StrictJsonReader r = new StrictJsonReader(p, (reader, expected) -> new PolicyFormatException(
                    reader.pointer(), "expected " + expected + ", got " + describe(reader)));
            Policy policy = document(r, p);
            if (r.next() != null) {
                throw new PolicyFormatException("", "unexpected content after the document" + at(r.location()));
            }
            return policy;
        } catch (JsonParseException e) {
            throw new PolicyFormatException("", "not JSON: " + e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException e) {
            throw new PolicyFormatException("", "not readable: " + e.getMessage());
        }
    }

    private static Policy document(StrictJsonReader r, JsonParser p) throws IOException {
        if (r.next() == null) {
            throw new PolicyFormatException("", "empty document");
        }
        r.expect(JsonToken.START_OBJECT, "an object");
        String version = null;
        Severity blockAt = Severity.HIGH;
        boolean onlyFixable = true;
        boolean blockOnUnknownCoverage = false;
        boolean kev = false;
        Double epss = null;
        Map<Severity, Integer> maxCounts = Map.of();
        List<AllowEntry> allow = List.of();
        List<VexStatement> vex = List.of();
        Set<FixStatus> ignoreStatuses = Set.of();
        Set<String> seen = new HashSet<>();
        while (r.nextMember()) {
            switch (unique(r, seen)) {
                case "version" -> version = version(r);
                case "blockAt" -> blockAt = r.current() == JsonToken.VALUE_NULL ? null : level(r);
                case "onlyFixable" -> onlyFixable = bool(r);
                case "blockOnUnknownCoverage" -> blockOnUnknownCoverage = bool(r);
                case "maxCounts" -> maxCounts = maxCounts(r);
                case "allow" -> allow = allow(r);
                case "vex" -> vex = vex(r, p);
                case "kev" -> kev = bool(r);
                case "epss" -> epss = r.current() == JsonToken.VALUE_NULL ? null : fraction(r);
                case "ignoreStatuses" -> ignoreStatuses = statuses(r);
                default -> throw new PolicyFormatException(r.pointer(), "unknown field (known: version, blockAt,"
                        + " onlyFixable, maxCounts, allow, blockOnUnknownCoverage, kev, epss, vex, ignoreStatuses)");
            }
        }
        if (version == null) {
            throw new PolicyFormatException("/version", "missing (required: an integer or a non-empty string)");
        }
        return new Policy(version, blockAt, onlyFixable, maxCounts, allow, blockOnUnknownCoverage, kev, epss, vex,
                ignoreStatuses);
    }

    /** {@code ignoreStatuses}: an array of fix status words other than {@code fixed}, each once. */
    private static Set<FixStatus> statuses(StrictJsonReader r) throws IOException {
        r.expect(JsonToken.START_ARRAY, "an array of fix statuses");
        Set<FixStatus> statuses = EnumSet.noneOf(FixStatus.class);
        String known = "affected, fix_deferred, will_not_fix, out_of_support, under_investigation";
        while (r.nextElement()) {
            if (r.current() != JsonToken.VALUE_STRING) {
                throw new PolicyFormatException(r.pointer(), "expected a fix status (" + known + ")");
            }
            String word = r.text();
            FixStatus s = FixStatus.ofWord(word).filter(x -> x.word().equals(word) && !x.fixed())
                    .orElseThrow(() -> new PolicyFormatException(r.pointer(), "'" + word
                            + "' is not a fix status a policy can ignore (" + known + ")"));
            if (!statuses.add(s)) {
                throw new PolicyFormatException(r.pointer(), "'" + word + "' is listed twice");
            }
        }
        return statuses;
    }

    /**
     * The {@code vex} field: an array of OpenVEX or CycloneDX VEX documents stored with the policy, each read as
     * {@code --vex} reads a file (docs/cli.md#vex-documents); a statement it refuses names its pointer.
     */
    private static List<VexStatement> vex(StrictJsonReader r, JsonParser p) throws IOException {
        r.expect(JsonToken.START_ARRAY, "an array of VEX documents");
        List<VexStatement> statements = new ArrayList<>();
        for (int i = 0; r.nextElement(); i++) {
            String at = "/vex/" + i;
            r.expect(JsonToken.START_OBJECT, "a VEX document (an object)");
            Map<String, Object> doc = JSON.std.mapFrom(p);
            try {
                statements.addAll(VexDocuments.statements(doc, at, statements.size()));
            } catch (SuppressionFormatException e) {
                String message = e.getMessage();
                throw new PolicyFormatException(at, message.startsWith(at + ": ")
                        ? message.substring(at.length() + 2) : message);
            }
        }
        return statements;
    }

    /** A number from 0 to 1 (an EPSS probability). */
    private static double fraction(StrictJsonReader r) throws IOException {
        JsonToken t = r.current();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw r.wrongType("a number from 0 to 1");
        }
        double d = Double.parseDouble(r.text());
        if (!(d >= 0 && d <= 1)) {
            throw new PolicyFormatException(r.pointer(), r.text() + " is not from 0 to 1 (an EPSS probability)");
        }
        return d;
    }

    /** The name of the member the reader is on; one {@code seen} before in the same object is refused. */
    private static String unique(StrictJsonReader r, Set<String> seen) throws IOException {
        String name = r.name();
        if (!seen.add(name)) {
            throw new PolicyFormatException(r.pointer(), "duplicate field");
        }
        return name;
    }

    private static String version(StrictJsonReader r) throws IOException {
        if (r.current() == JsonToken.VALUE_NUMBER_INT) {
            return r.bigInteger().toString();
        }
        if (r.current() == JsonToken.VALUE_STRING && !r.text().isEmpty()) {
            return r.text();
        }
        throw r.wrongType("an integer or a non-empty string");
    }

    private static Severity level(StrictJsonReader r) throws IOException {
        r.expect(JsonToken.VALUE_STRING, "a level (" + LEVELS + ")");
        String text = r.text();
        Severity level = level(text);
        if (level == null) {
            throw new PolicyFormatException(r.pointer(), "unknown level \"" + text + "\" (expected " + LEVELS + ")");
        }
        return level;
    }

    /** The level labelled {@code label} exactly ({@code High}), or null. */
    private static Severity level(String label) {
        for (Severity s : Severity.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    private static boolean bool(StrictJsonReader r) throws IOException {
        JsonToken t = r.current();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw r.wrongType("true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static Map<Severity, Integer> maxCounts(StrictJsonReader r) throws IOException {
        r.expect(JsonToken.START_OBJECT, "an object of levels to counts");
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        while (r.nextMember()) {
            Severity level = level(r.name());
            if (level == null) {
                throw new PolicyFormatException(r.pointer(), "unknown level (expected " + LEVELS + ")");
            }
            if (counts.containsKey(level)) {
                throw new PolicyFormatException(r.pointer(), "duplicate field");
            }
            if (r.current() != JsonToken.VALUE_NUMBER_INT || r.bigInteger().signum() < 0
                    || r.bigInteger().bitLength() > 31) {
                throw r.wrongType("a count (an integer from 0 to 2147483647)");
            }
            counts.put(level, r.bigInteger().intValue());
        }
        return counts;
    }

    private static List<AllowEntry> allow(StrictJsonReader r) throws IOException {
        r.expect(JsonToken.START_ARRAY, "an array of allow-list entries");
        List<AllowEntry> entries = new ArrayList<>();
        while (r.nextElement()) {
            entries.add(entry(r));
        }
        return entries;
    }

    private static AllowEntry entry(StrictJsonReader r) throws IOException {
        r.expect(JsonToken.START_OBJECT, "an object {id, package, reason, expires}");
        String path = r.pointer();
        String id = null;
        String pkg = null;
        String reason = null;
        LocalDate expires = null;
        Set<String> seen = new HashSet<>();
        while (r.nextMember()) {
            switch (unique(r, seen)) {
                case "id" -> id = text(r);
                case "package" -> pkg = text(r);
                case "reason" -> reason = text(r);
                case "expires" -> expires = date(r);
                default -> throw new PolicyFormatException(r.pointer(),
                        "unknown field (known: id, package, reason, expires)");
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

    private static String text(StrictJsonReader r) throws IOException {
        if (r.current() != JsonToken.VALUE_STRING || r.text().isBlank()) {
            throw r.wrongType("a non-empty string");
        }
        return r.text();
    }

    private static LocalDate date(StrictJsonReader r) throws IOException {
        if (r.current() != JsonToken.VALUE_STRING) {
            throw r.wrongType("a date (YYYY-MM-DD)");
        }
        String text = r.text();
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // falls through
        }
        throw new PolicyFormatException(r.pointer(), "\"" + text + "\" is not a date (YYYY-MM-DD)");
    }

    /** What a value is, for messages: {@code the string "x"}, {@code the number 3}, {@code an array}. */
    private static String describe(StrictJsonReader r) throws IOException {
        JsonToken t = r.current();
        if (t == null) {
            return StrictJsonReader.kind(null);
        }
        return switch (t) {
            case VALUE_STRING -> "the string \"" + abbreviate(r.text()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(r.text());
            case VALUE_TRUE, VALUE_FALSE -> r.text();
            default -> StrictJsonReader.kind(t);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String at(JsonLocation location) {
        String lineAndColumn = StrictJsonReader.lineAndColumn(location);
        return lineAndColumn == null ? "" : " (" + lineAndColumn + ")";
    }
}
