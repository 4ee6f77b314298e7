package dev.imagescan.vulndb.debian;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the Debian security tracker's JSON ({@code https://security-tracker.debian.org/tracker/data/json}: an
 * object of source packages, each an object of issues, each with a {@code description} and a {@code releases} object
 * of per-release {@code status}, {@code fixed_version}, {@code urgency}, {@code nodsa} and {@code nodsa_reason}) with
 * Jackson's streaming parser, one issue at a time: the real document (60 to 80 MB) is never held, as text or as a
 * tree. Each (source package, CVE) gives one record as soon as it is read: id {@code DEBIAN-<CVE>:<package>} (a CVE
 * touches several source packages, each its own record), alias the CVE, summary the first line of the description,
 * reference the tracker's page of the CVE, {@code modified} the document's time, one entry per release the tracker
 * names in {@code Debian:<major>} under the source package's name ({@link TrackerRelease} maps the tracker's words).
 * Releases that are not Debian 6 to 14 ({@code sid}, {@code experimental}, older ones) and issues that are not CVEs
 * ({@code TEMP-…} names, which change when their description does) are left out, as Grype's provider does; an
 * issue none of whose releases is affected gives no record.
 *
 * <p>Bounded whatever it is fed: nesting depth 16, strings of at most 1 MiB, at most {@value #MAX_RELEASES} releases
 * per issue; the document's size is bounded by the fetch. Anything of another shape is a {@link FeedFormatException}
 * naming the document and the JSON path ({@code /openssl/CVE-2024-0727/releases/bookworm/status}).
 */
public final class DebianTrackerParser {
    /** The most releases one issue may name (the tracker names five or six). */
    static final int MAX_RELEASES = 64;
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,12}");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                    .maxStringLength(1 << 20).build())
            .build();
    private static final String TRACKER = "https://security-tracker.debian.org/tracker/";

    private final String name;
    private final JsonParser p;
    private final Instant modified;
    private final Sink sink;
    private long packages;
    private long issues;
    private long records;

    private DebianTrackerParser(String name, JsonParser p, Instant modified, Sink sink) {
        this.name = name;
        this.p = p;
        this.modified = modified;
        this.sink = sink;
    }

    /** Receives each record as soon as it is read. */
    @FunctionalInterface
    public interface Sink {
        void record(OsvRecord record) throws IOException;
    }

    /**
     * What one document held.
     *
     * @param packages source packages
     * @param issues   issues (CVEs and others) of all packages
     * @param records  records handed to the sink
     */
    public record Counts(long packages, long issues, long records) {}

    /**
     * Parses one document (not closed).
     *
     * @param name     the document's name in messages
     * @param modified every record's {@code modified} time: when the document last changed
     * @throws FeedFormatException for a document of another shape, naming it and the JSON path
     */
    public static Counts parse(InputStream in, String name, Instant modified, Sink sink) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            DebianTrackerParser parser = new DebianTrackerParser(name, p, modified, sink);
            parser.document();
            return new Counts(parser.packages, parser.issues, parser.records);
        } catch (JsonEOFException e) {
            throw new FeedFormatException(name + ": truncated JSON (it ends inside an object)"
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()), e);
        } catch (JsonParseException | StreamConstraintsException e) {
            throw new FeedFormatException(name + ": not the Debian security tracker's JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()), e);
        } catch (EOFException e) {
            throw new FeedFormatException(name + ": truncated JSON", e);
        }
    }

    private void document() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw bad("", "not a JSON object of source packages");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String pkg = p.currentName();
            String where = "/" + pkg;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(where, "expected an object of issues");
            }
            packages++;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String issue = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw bad(where + "/" + issue, "expected an object");
                }
                issues++;
                issue(pkg, issue, where + "/" + issue);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw bad("", "unexpected content after the object of source packages");
        }
        if (packages == 0) {
            throw bad("", "not the Debian security tracker's JSON (no source package)");
        }
    }

    /** One issue of one package, the parser on its START_OBJECT: read, then its record handed on. */
    private void issue(String pkg, String issue, String where) throws IOException {
        String description = null;
        List<Map.Entry<String, TrackerRelease>> releases = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "description" -> description = text(value, where + "/description");
                case "releases" -> releases(value, where + "/releases", releases);
                default -> p.skipChildren();
            }
        }
        if (!CVE.matcher(issue).matches()) {
            return; // TEMP-… and other names: no stable id to report
        }
        List<AffectedPackage> affected = new ArrayList<>();
        for (Map.Entry<String, TrackerRelease> r : releases) {
            String major = DebianSecurityListParser.RELEASES.get(r.getKey());
            if (major != null) {
                r.getValue().entry("Debian:" + major, pkg).ifPresent(affected::add);
            }
        }
        if (affected.isEmpty()) {
            return;
        }
        String summary = description == null ? "" : description.strip().lines().findFirst().orElse("");
        if (summary.length() > 300) {
            summary = summary.substring(0, 300);
        }
        Advisory advisory = new Advisory("DEBIAN-" + issue + ":" + pkg, List.of(issue), summary, null, modified,
                List.of(), null, List.of(TRACKER + issue));
        records++;
        sink.record(new OsvRecord(advisory, null, affected));
    }

    /** The {@code releases} object (or the empty array the tracker writes when it has none). */
    private void releases(JsonToken value, String where, List<Map.Entry<String, TrackerRelease>> into)
            throws IOException {
        if (value == JsonToken.START_ARRAY) {
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw bad(where, "expected an object of releases");
            }
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw bad(where, "expected an object of releases");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String release = p.currentName();
            if (into.size() == MAX_RELEASES) {
                throw bad(where, "more than " + MAX_RELEASES + " releases");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(where + "/" + release, "expected an object");
            }
            into.add(Map.entry(release, release(where + "/" + release)));
        }
    }

    private TrackerRelease release(String where) throws IOException {
        String status = null;
        String fixed = null;
        String urgency = null;
        String nodsa = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "status" -> status = text(value, where + "/status");
                case "fixed_version" -> fixed = text(value, where + "/fixed_version");
                case "urgency" -> urgency = text(value, where + "/urgency");
                case "nodsa" -> nodsa = text(value, where + "/nodsa");
                case "nodsa_reason" -> reason = text(value, where + "/nodsa_reason");
                default -> p.skipChildren(); // repositories, next_point_update
            }
        }
        try {
            return new TrackerRelease(status, fixed, urgency, nodsa, reason).checked(where);
        } catch (FeedFormatException e) {
            throw new FeedFormatException(name + " " + e.getMessage());
        }
    }

    /** A string value, or null for JSON null. */
    private String text(JsonToken value, String where) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw bad(where, "expected a string");
        }
        return p.getText();
    }

    private FeedFormatException bad(String where, String message) {
        return new FeedFormatException(name + (where.isEmpty() ? "" : " " + where) + ": " + message);
    }
}
