package dev.imagescan.vulndb.debian;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Debian security tracker's advisory lists ({@code data/DSA/list}, {@code data/DLA/list}), one entry at a
 * time, into OSV records: an entry is a header line {@code [29 Mar 2023] DSA-5380-1 xorg-server - security update},
 * then, indented, {@code {CVE-… CVE-…}}, one {@code [bullseye] - xorg-server 2:1.20.11-1+deb11u6} line per release
 * and source package fixed, and {@code NOTE:} lines. A record: id the DSA or DLA, aliases its CVEs, summary the rest
 * of the header, published and modified its date, one affected entry per (release, source package) in
 * {@code Debian:<major>} with {@code introduced 0, fixed <version>}. A release line whose version is a
 * {@code <tag>} ({@code <end-of-life>}, {@code <not-affected>}) names no fix and gives no entry; releases before
 * Debian 6 (squeeze) are left out. A line of another shape is a {@link FeedFormatException} naming the list and the
 * line number; every line is at most {@value #MAX_LINE} characters.
 */
public final class DebianSecurityListParser {
    static final int MAX_LINE = 16_384;
    private static final Pattern HEADER = Pattern.compile(
            "\\[(\\d{1,2} [A-Z][a-z]{2} \\d{4})\\] (D[SL]A-\\d+(?:-\\d+)?) (.+)");
    private static final Pattern CVES = Pattern.compile("\\{([^}]*)\\}");
    private static final Pattern FIX = Pattern.compile("\\[([a-z]+)\\] - (\\S+) (\\S+)(?:\\s.*)?");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    /** Debian's code names, squeeze (6) to trixie (13) and the next, as the ecosystem's release numbers. */
    static final Map<String, String> RELEASES = Map.of("squeeze", "6", "wheezy", "7", "jessie", "8", "stretch", "9",
            "buster", "10", "bullseye", "11", "bookworm", "12", "trixie", "13", "forky", "14");
    private static final Set<String> OLDER = Set.of("buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge",
            "etch", "lenny", "sid");

    private DebianSecurityListParser() {}

    /** Receives each entry's record. */
    @FunctionalInterface
    public interface Sink {
        void record(OsvRecord record) throws IOException;
    }

    /**
     * Parses one list (not closed).
     *
     * @return how many entries it holds
     */
    public static long parse(InputStream in, String name, Sink sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Entry entry = null;
        long entries = 0;
        long number = 0;
        for (String line; (line = readLine(reader, name, number + 1)) != null; ) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (entry != null) {
                    emit(entry, sink);
                }
                entries++;
                LocalDate date;
                try {
                    date = LocalDate.parse(header.group(1), DATE);
                } catch (DateTimeParseException e) {
                    throw bad(name, number, "'" + header.group(1) + "' is not a date such as 29 Mar 2023");
                }
                entry = new Entry(header.group(2), date, header.group(3).strip());
                continue;
            }
            String body = line.strip();
            if (entry == null || !Character.isWhitespace(line.charAt(0))) {
                throw bad(name, number, "expected an entry header such as [29 Mar 2023] DSA-5380-1 package - ...");
            }
            if (body.startsWith("NOTE:")) {
                continue;
            }
            Matcher cves = CVES.matcher(body);
            Matcher fix = FIX.matcher(body);
            if (cves.matches()) {
                Matcher id = CVE.matcher(cves.group(1));
                while (id.find()) {
                    entry.cves.add(id.group());
                }
            } else if (fix.matches()) {
                String release = RELEASES.get(fix.group(1));
                if (release == null && !OLDER.contains(fix.group(1))) {
                    throw bad(name, number, "unknown release " + fix.group(1));
                }
                if (release != null && !fix.group(3).startsWith("<")) {
                    entry.fixes.add("Debian:" + release + "\u0000" + fix.group(2) + "\u0000" + fix.group(3));
                }
            } else {
                throw bad(name, number, "expected {CVE-…}, [release] - package version, or NOTE:");
            }
        }
        if (entry != null) {
            emit(entry, sink);
        }
        if (entries == 0) {
            throw new FeedFormatException(name + ": not a Debian security tracker list (no entry)");
        }
        return entries;
    }

    private static final class Entry {
        final String id;
        final LocalDate date;
        final String summary;
        final Set<String> cves = new LinkedHashSet<>();
        final Set<String> fixes = new LinkedHashSet<>();

        Entry(String id, LocalDate date, String summary) {
            this.id = id;
            this.date = date;
            this.summary = summary;
        }
    }

    private static void emit(Entry e, Sink sink) throws IOException {
        if (e.fixes.isEmpty()) {
            return; // an end-of-life notice or an entry for releases before squeeze only
        }
        List<AffectedPackage> affected = new ArrayList<>();
        for (String f : e.fixes) {
            String[] p = f.split("\u0000", 3);
            affected.add(new AffectedPackage(p[0], p[1], List.of(new VersionRange(List.of(RangeEvent.introduced("0"),
                    RangeEvent.fixed(p[2])))), List.of(), null));
        }
        var when = e.date.atStartOfDay().toInstant(ZoneOffset.UTC);
        String summary = e.summary.length() > 300 ? e.summary.substring(0, 300) : e.summary;
        sink.record(new OsvRecord(new Advisory(e.id, List.copyOf(e.cves), summary, when, when, List.of(), null,
                List.of("https://security-tracker.debian.org/tracker/" + e.id)), null, affected));
    }

    private static String readLine(BufferedReader reader, String name, long number) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw bad(name, number, "line longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static FeedFormatException bad(String name, long line, String message) {
        return new FeedFormatException(name + " line " + line + ": " + message);
    }
}
