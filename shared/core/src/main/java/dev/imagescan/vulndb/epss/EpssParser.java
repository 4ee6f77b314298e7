package dev.imagescan.vulndb.epss;

import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads FIRST's daily EPSS file ({@code epss_scores-current.csv}, gunzipped by the caller): an optional first line
 * {@code #model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000}, the header {@code cve,epss,percentile},
 * then one line per CVE with its score and percentile, both from 0 to 1. Streaming, one line at a time, each at most
 * {@value #MAX_LINE} characters; a line that is not that shape is a {@link FeedFormatException} naming the file and
 * the line number.
 */
public final class EpssParser {
    static final int MAX_LINE = 1024;
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,13}");

    private EpssParser() {}

    /**
     * Parses {@code in} and hands each CVE's score to {@code out}.
     *
     * @return how many CVEs the file scores
     */
    public static long parse(InputStream in, String name, Consumer<CveSignals> out) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        long number = 0;
        long cves = 0;
        boolean header = false;
        LocalDate date = null;
        while (readLine(reader, line, name, number + 1)) {
            number++;
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!header) {
                if (text.startsWith("#")) {
                    date = scoreDate(text, name, number);
                    continue;
                }
                if (!text.equals("cve,epss,percentile")) {
                    throw bad(name, number, "expected the header cve,epss,percentile");
                }
                header = true;
                continue;
            }
            String[] f = text.split(",", -1);
            if (f.length != 3 || !CVE.matcher(f[0]).matches()) {
                throw bad(name, number, "expected CVE-id,score,percentile");
            }
            try {
                out.accept(CveSignals.ofEpss(f[0], new CveSignals.Epss(Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), date)));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw bad(name, number, "score and percentile must be numbers from 0 to 1");
            }
            cves++;
        }
        if (!header) {
            throw new FeedFormatException(name + ": not an EPSS file (no cve,epss,percentile header)");
        }
        return cves;
    }

    /** The day of {@code score_date:} in the comment line; null when it names none. */
    private static LocalDate scoreDate(String comment, String name, long number) {
        for (String item : comment.substring(1).split(",")) {
            if (item.startsWith("score_date:")) {
                String value = item.substring("score_date:".length());
                try {
                    return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
                } catch (DateTimeParseException e) {
                    throw bad(name, number, "score_date '" + value + "' is not a date");
                }
            }
        }
        return null;
    }

    /** Reads one line into {@code line} (without its end); false at the end of the input. */
    private static boolean readLine(Reader reader, StringBuilder line, String name, long number) throws IOException {
        line.setLength(0);
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return true;
            }
            if (line.length() == MAX_LINE) {
                throw bad(name, number, "line longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        return line.length() > 0;
    }

    private static FeedFormatException bad(String name, long line, String message) {
        return new FeedFormatException(name + " line " + line + ": " + message);
    }
}
