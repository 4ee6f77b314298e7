package dev.imagescan.vulndb.osv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.imagescan.common.json.StrictJsonReader;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one OSV JSON document (https://ossf.github.io/osv-schema/) into an {@link OsvRecord}, with jackson-core's
 * streaming parser: no data binding, nothing kept but what the record needs.
 *
 * <p>What it keeps: {@code id}; {@code aliases} then {@code upstream} as the advisory's aliases (without the id,
 * without repeats); {@code summary}, else the first line of {@code details}, cut to {@value #SUMMARY_MAX_CHARS}
 * characters; {@code published}, {@code modified}, {@code withdrawn}; the top-level {@code severity}: CVSS_V2/V3/V4
 * vectors with their base score ({@link CvssScores}), the {@code Ubuntu} one as the advisory's rating, else
 * {@code database_specific.severity}; for each {@code affected} entry with a {@code package}, its ecosystem, name,
 * {@code ECOSYSTEM} and {@code SEMVER} ranges (events in record order; PyPI names normalised per PEP 503),
 * {@code versions} and the distribution's rating for it
 * ({@link #AFFECTED_RATING_KEYS} in {@code ecosystem_specific}, then in {@code database_specific}); reference URLs,
 * {@code ADVISORY} ones first, at most {@value #MAX_REFERENCES}. Not read: {@code related}, {@code credits},
 * {@code schema_version}, {@code package.purl}, ranges of type {@code GIT}, and the per-package
 * {@code affected[].severity} (the distributions this scanner matches put theirs at the top level or in the
 * free-form objects).
 *
 * <p>Strict where it reads: a missing {@code id} or {@code modified}, a field of the wrong type, a required member of
 * an entry it reads (package name and ecosystem, range type and events, severity type and score, reference type and
 * url) missing, an event that is not exactly one of introduced/fixed/last_affected/limit, a repeated key, anything
 * after the record, nesting deeper than {@value #MAX_NESTING_DEPTH} or a document over the size limit are an
 * {@link OsvFormatException} naming the document, the JSON pointer, line and column. {@code null} stands for an
 * absent member. Members it does not read are skipped unchecked, as are non-string values in the free-form
 * {@code ecosystem_specific}/{@code database_specific} objects. A CVSS vector that does not parse is skipped with
 * an {@link OsvWarning}: the record stays.
 *
 * <p>Short strings that repeat across records (ecosystems, package names, versions, ratings) are shared through a
 * pool kept by the parser, which is why one parser is used by one thread at a time.
 */
public final class OsvParser {
    /** The longest summary kept, in UTF-16 characters; a longer one is cut and ends with an ellipsis. */
    public static final int SUMMARY_MAX_CHARS = 300;
    /** The most reference URLs kept per record. */
    public static final int MAX_REFERENCES = 5;
    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * The keys of a distribution's own rating of one affected package, by precedence: Debian {@code urgency},
     * Red Hat/AlmaLinux/Rocky {@code severity}, Ubuntu {@code priority} (and {@code ubuntu_priority}, which Ubuntu's
     * own OSV feed uses).
     */
    public static final List<String> AFFECTED_RATING_KEYS = List.of("urgency", "severity", "priority",
            "ubuntu_priority");
    private static final List<String> RECORD_RATING_KEYS = List.of("severity");
    private static final int MAX_POOLED_LENGTH = 128;
    private static final int MAX_CACHED_SCORES = 50_000;

    private final JsonFactory factory;
    private final long maxDocumentBytes;
    private final Consumer<OsvWarning> warnings;
    private final Map<String, String> pool = new HashMap<>();
    /** Scorings by type and vector: feeds repeat a few thousand vectors over and over. */
    private final Map<String, Scoring> scores = new HashMap<>();

    /** What one CVSS vector of one type scores: a score, or the reason it has none. */
    private sealed interface Scoring {
        /** The vector parsed; its score, version pooled. */
        record Scored(CvssScore score) implements Scoring {}

        /** The vector does not parse: why, for the warning that skips it. */
        record Unscorable(String reason) implements Scoring {}
    }

    /** A parser with the default limits that drops warnings. */
    public OsvParser() {
        this(OsvLimits.DEFAULT, w -> {});
    }

    /** A parser that refuses documents over {@code limits.maxDocumentBytes()} and reports skipped parts. */
    public OsvParser(OsvLimits limits, Consumer<OsvWarning> warnings) {
        this.maxDocumentBytes = limits.maxDocumentBytes();
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxDocumentLength(maxDocumentBytes)
                .maxStringLength((int) maxDocumentBytes)
                .build();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Parses one document held in memory; {@code source} names it in errors and warnings. */
    public OsvRecord parse(byte[] json, String source) {
        if (json.length > maxDocumentBytes) {
            throw new OsvFormatException(source + ": larger than " + maxDocumentBytes + " bytes");
        }
        try (JsonParser p = factory.createParser(json)) {
            RecordReader reader = new RecordReader(p, source);
            try {
                return reader.read();
            } catch (JsonProcessingException e) {
                throw new OsvFormatException(reader.prefix() + "malformed JSON: " + e.getOriginalMessage()
                        + at(e.getLocation()), e);
            }
        } catch (IOException e) {
            throw new OsvFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads one document (at most the size limit) from a stream and parses it. */
    public OsvRecord parse(InputStream in, String source) throws IOException {
        return parse(Documents.readBounded(in, maxDocumentBytes, source), source);
    }

    private static String at(JsonLocation location) {
        String lineAndColumn = StrictJsonReader.lineAndColumn(location);
        return lineAndColumn == null ? "" : " (" + lineAndColumn + ")";
    }

    private String pooled(String s) {
        if (s == null || s.length() > MAX_POOLED_LENGTH) {
            return s;
        }
        String known = pool.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    /** The parse of one document. */
    private final class RecordReader {
        private final StrictJsonReader r;
        private final String source;
        private String id;

        RecordReader(JsonParser p, String source) {
            this.r = new StrictJsonReader(p, (reader, expected) -> error("expected " + expected + ", got "
                    + StrictJsonReader.kind(reader.current())));
            this.source = source;
        }

        OsvRecord read() throws IOException {
            r.next();
            r.expect(JsonToken.START_OBJECT, "a JSON object (one OSV record)");
            Instant modified = null;
            Instant published = null;
            Instant withdrawn = null;
            List<String> aliases = new ArrayList<>();
            List<String> upstream = new ArrayList<>();
            String summary = null;
            String details = null;
            List<String[]> severities = new ArrayList<>();
            String databaseRating = null;
            List<AffectedPackage> affected = new ArrayList<>();
            List<String[]> references = new ArrayList<>();
            while (r.nextMember()) {
                switch (r.name()) {
                    case "id" -> id = nonEmpty(r.string(), "/id");
                    case "modified" -> modified = time();
                    case "published" -> published = time();
                    case "withdrawn" -> withdrawn = time();
                    case "aliases" -> strings(aliases);
                    case "upstream" -> strings(upstream);
                    case "summary" -> summary = r.string();
                    case "details" -> details = r.string();
                    case "severity" -> typedValues("severity", "score", severities);
                    case "affected" -> affected(affected);
                    case "references" -> typedValues("references", "url", references);
                    case "database_specific" -> databaseRating = rating(RECORD_RATING_KEYS);
                    default -> r.skip();
                }
            }
            JsonToken after = r.next();
            if (after != null) {
                throw error("unexpected " + StrictJsonReader.kind(after) + " after the record");
            }
            if (id == null) {
                throw new OsvFormatException(source + ": missing 'id'");
            }
            if (modified == null) {
                throw new OsvFormatException(source + " (" + id + "): missing 'modified'");
            }
            List<CvssScore> cvss = new ArrayList<>();
            String ubuntuRating = null;
            for (String[] s : severities) {
                switch (s[0]) {
                    case "CVSS_V2", "CVSS_V3", "CVSS_V4" -> cvss(s[0], s[1], cvss);
                    case "Ubuntu" -> ubuntuRating = ubuntuRating == null ? pooled(s[1]) : ubuntuRating;
                    default -> {
                        // a severity type this version does not know: left out
                    }
                }
            }
            Advisory advisory = new Advisory(id, aliases(aliases, upstream), summary(summary, details), published,
                    modified, cvss, ubuntuRating != null ? ubuntuRating : pooled(databaseRating),
                    referenceUrls(references));
            return new OsvRecord(advisory, withdrawn, affected);
        }

        private void cvss(String type, String vector, List<CvssScore> into) {
            Scoring scoring = scores.get(type + ' ' + vector);
            if (scoring == null) {
                try {
                    CvssScore s = CvssScores.score(type, vector);
                    scoring = new Scoring.Scored(new CvssScore(pooled(s.version()), vector, s.baseScore()));
                } catch (IllegalArgumentException e) {
                    scoring = new Scoring.Unscorable(e.getMessage());
                }
                if (scores.size() >= MAX_CACHED_SCORES) {
                    scores.clear();
                }
                scores.put(type + ' ' + vector, scoring);
            }
            if (scoring instanceof Scoring.Scored scored) {
                into.add(scored.score());
            } else if (scoring instanceof Scoring.Unscorable unscorable) {
                warnings.accept(new OsvWarning(OsvWarning.Kind.UNPARSEABLE_CVSS, source, id,
                        type + " vector '" + vector + "' skipped: " + unscorable.reason()));
            }
        }

        private List<String> aliases(List<String> aliases, List<String> upstream) {
            Set<String> all = new LinkedHashSet<>(aliases);
            all.addAll(upstream);
            all.remove(id);
            all.remove("");
            return List.copyOf(all);
        }

        private List<String> referenceUrls(List<String[]> references) {
            Set<String> urls = new LinkedHashSet<>();
            for (String[] r : references) {
                if (r[0].equals("ADVISORY") && urls.size() < MAX_REFERENCES) {
                    urls.add(r[1]);
                }
            }
            for (String[] r : references) {
                if (!r[0].equals("ADVISORY") && urls.size() < MAX_REFERENCES) {
                    urls.add(r[1]);
                }
            }
            return List.copyOf(urls);
        }

        /**
         * An array of objects with a {@code type} and one other required string member, {@code value}
         * ({@code severity}: type and score, scored once the id is known; {@code references}: type and url), as
         * {type, value} pairs.
         */
        private void typedValues(String array, String value, List<String[]> into) throws IOException {
            if (!r.startArray()) {
                return;
            }
            int index = 0;
            while (r.nextElement()) {
                r.expect(JsonToken.START_OBJECT, "an object");
                String type = null;
                String found = null;
                while (r.nextMember()) {
                    String field = r.name();
                    if (field.equals("type")) {
                        type = r.string();
                    } else if (field.equals(value)) {
                        found = r.string();
                    } else {
                        r.skip();
                    }
                }
                String path = "/" + array + "/" + index++;
                into.add(new String[] {required(type, path, "type"), required(found, path, value)});
            }
        }

        private void affected(List<AffectedPackage> into) throws IOException {
            if (!r.startArray()) {
                return;
            }
            int index = 0;
            while (r.nextElement()) {
                AffectedPackage a = affectedEntry("/affected/" + index++);
                if (a != null) {
                    into.add(a);
                }
            }
        }

        /** One {@code affected} entry; null when it names no package (nothing a lookup could find). */
        private AffectedPackage affectedEntry(String path) throws IOException {
            r.expect(JsonToken.START_OBJECT, "an object");
            boolean hasPackage = false;
            String ecosystem = null;
            String name = null;
            List<VersionRange> ranges = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            String ecosystemRating = null;
            String databaseRating = null;
            while (r.nextMember()) {
                switch (r.name()) {
                    case "package" -> {
                        if (r.startObject()) {
                            hasPackage = true;
                            while (r.nextMember()) {
                                switch (r.name()) {
                                    case "ecosystem" -> ecosystem = r.string();
                                    case "name" -> name = r.string();
                                    default -> r.skip();
                                }
                            }
                        }
                    }
                    case "ranges" -> ranges(ranges, path + "/ranges/");
                    case "versions" -> strings(versions);
                    case "ecosystem_specific" -> ecosystemRating = rating(AFFECTED_RATING_KEYS);
                    case "database_specific" -> databaseRating = rating(AFFECTED_RATING_KEYS);
                    default -> r.skip();
                }
            }
            if (!hasPackage) {
                return null;
            }
            ecosystem = nonEmpty(required(ecosystem, path + "/package", "ecosystem"), path + "/package/ecosystem");
            name = nonEmpty(required(name, path + "/package", "name"), path + "/package/name");
            versions.replaceAll(OsvParser.this::pooled);
            if (ecosystem.equals("PyPI")) {
                // PEP 503: advisories spell names as published (PyYAML), installed metadata as it pleases
                name = name.strip().replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
            }
            return new AffectedPackage(pooled(ecosystem), pooled(name), ranges, versions,
                    pooled(ecosystemRating != null ? ecosystemRating : databaseRating));
        }

        /** {@code ranges}: every range is checked, only ECOSYSTEM and SEMVER ones are kept (not GIT). */
        private void ranges(List<VersionRange> into, String path) throws IOException {
            if (!r.startArray()) {
                return;
            }
            int index = 0;
            while (r.nextElement()) {
                r.expect(JsonToken.START_OBJECT, "an object");
                String type = null;
                List<RangeEvent> events = null;
                while (r.nextMember()) {
                    switch (r.name()) {
                        case "type" -> type = r.string();
                        case "events" -> events = events();
                        default -> r.skip();
                    }
                }
                String rangePath = path + index++;
                required(type, rangePath, "type");
                required(events, rangePath, "events");
                if (type.equals("ECOSYSTEM") || type.equals("SEMVER")) {
                    // SEMVER ranges (Go, npm, crates.io records) are read in the ecosystem's order, which is SemVer
                    into.add(new VersionRange(events));
                }
            }
        }

        private List<RangeEvent> events() throws IOException {
            if (!r.startArray()) {
                return null;
            }
            List<RangeEvent> events = new ArrayList<>();
            while (r.nextElement()) {
                r.expect(JsonToken.START_OBJECT, "an object");
                RangeEvent event = null;
                while (r.nextMember()) {
                    RangeEvent.Type type = switch (r.name()) {
                        case "introduced" -> RangeEvent.Type.INTRODUCED;
                        case "fixed" -> RangeEvent.Type.FIXED;
                        case "last_affected" -> RangeEvent.Type.LAST_AFFECTED;
                        case "limit" -> RangeEvent.Type.LIMIT;
                        default -> null;
                    };
                    if (type == null) {
                        r.skip();
                        continue;
                    }
                    if (event != null) {
                        throw error("an event has exactly one of introduced, fixed, last_affected, limit");
                    }
                    String version = r.string();
                    if (version == null) {
                        throw error("expected a version string, got null");
                    }
                    event = new RangeEvent(type, pooled(version));
                }
                if (event == null) {
                    throw error("an event has one of introduced, fixed, last_affected, limit");
                }
                events.add(event);
            }
            return events;
        }

        /**
         * The first of {@code keys} (by precedence) holding a non-blank string in a free-form object; other members
         * and values of other types are skipped.
         */
        private String rating(List<String> keys) throws IOException {
            if (!r.startObject()) {
                return null;
            }
            String[] found = new String[keys.size()];
            while (r.nextMember()) {
                int key = keys.indexOf(r.name());
                if (key >= 0 && r.current() == JsonToken.VALUE_STRING) {
                    found[key] = r.text().strip();
                } else {
                    r.skip();
                }
            }
            for (String f : found) {
                if (f != null && !f.isEmpty()) {
                    return f;
                }
            }
            return null;
        }

        private void strings(List<String> into) throws IOException {
            if (!r.startArray()) {
                return;
            }
            while (r.nextElement()) {
                r.expect(JsonToken.VALUE_STRING, "a string");
                into.add(r.text());
            }
        }

        private Instant time() throws IOException {
            String text = r.string();
            if (text == null) {
                return null;
            }
            try {
                TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(text);
                return t.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(t)
                        : LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw error("'" + text + "' is not an RFC 3339 date-time");
            }
        }

        private <T> T required(T value, String path, String member) {
            if (value == null) {
                throw new OsvFormatException(prefix() + path + ": missing '" + member + "'");
            }
            return value;
        }

        private String nonEmpty(String value, String pointer) {
            if (value != null && value.isBlank()) {
                throw new OsvFormatException(prefix() + pointer + ": empty");
            }
            return value;
        }

        private OsvFormatException error(String what) {
            String pointer = r.pointer();
            return new OsvFormatException(prefix() + (pointer.isEmpty() ? "" : pointer + ": ") + what
                    + at(r.location()));
        }

        private String prefix() {
            return source + (id == null ? "" : " (" + id + ")") + ": ";
        }
    }

    /** The summary, else the first non-blank line of the details; cut to {@value #SUMMARY_MAX_CHARS} characters. */
    static String summary(String summary, String details) {
        String s = summary == null ? "" : summary.strip();
        if (s.isEmpty() && details != null) {
            s = details.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
        if (s.length() <= SUMMARY_MAX_CHARS) {
            return s;
        }
        int cut = SUMMARY_MAX_CHARS - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut).stripTrailing() + "\u2026";
    }
}
