package dev.imagescan.vulndb.kev;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Reads CISA's Known Exploited Vulnerabilities catalog ({@code known_exploited_vulnerabilities.json}): of each entry
 * of {@code vulnerabilities}, {@code cveID}, {@code dateAdded}, {@code dueDate} and whether
 * {@code knownRansomwareCampaignUse} is {@code Known}. Streaming, one entry at a time; an entry without a CVE id or
 * date, or a document of another shape, is a {@link FeedFormatException} naming the catalog and the JSON location.
 */
public final class KevParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 20)
                    .build())
            .build();

    private KevParser() {}

    /**
     * Parses {@code in} (closed at the end) and hands each entry to {@code out}.
     *
     * @return how many entries the catalog lists
     */
    public static long parse(InputStream in, String name, Consumer<CveSignals> out) throws IOException {
        long entries = 0;
        boolean found = false;
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(p, name, "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("vulnerabilities")) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw bad(p, name, "expected vulnerabilities to be an array");
                }
                found = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw bad(p, name, "expected an object in vulnerabilities");
                    }
                    out.accept(entry(p, name));
                    entries++;
                }
            }
        } catch (JsonParseException e) {
            throw new FeedFormatException(name + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (!found) {
            throw new FeedFormatException(name + ": not a KEV catalog (no vulnerabilities array)");
        }
        return entries;
    }

    private static CveSignals entry(JsonParser p, String name) throws IOException {
        String cve = null;
        LocalDate added = null;
        LocalDate due = null;
        boolean ransomware = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "cveID" -> cve = string(p, value, name, field).strip();
                case "dateAdded" -> added = date(p, string(p, value, name, field), name, field);
                case "dueDate" -> due = value == JsonToken.VALUE_NULL ? null
                        : date(p, string(p, value, name, field), name, field);
                case "knownRansomwareCampaignUse" -> ransomware = value == JsonToken.VALUE_STRING
                        && p.getText().strip().equalsIgnoreCase("Known");
                default -> p.skipChildren();
            }
        }
        if (cve == null || !cve.startsWith("CVE-") || added == null) {
            throw bad(p, name, "an entry without a cveID or dateAdded");
        }
        return CveSignals.ofKev(cve, new CveSignals.Kev(added, due, ransomware));
    }

    private static String string(JsonParser p, JsonToken value, String name, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw bad(p, name, "expected " + field + " to be a string");
        }
        return p.getText();
    }

    private static LocalDate date(JsonParser p, String text, String name, String field) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw bad(p, name, field + " '" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static FeedFormatException bad(JsonParser p, String name, String message) {
        return new FeedFormatException(name + ": " + message + " (line " + p.currentLocation().getLineNr()
                + ", column " + p.currentLocation().getColumnNr() + ")");
    }
}
