package dev.imagescan.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code imagescan db info DB}: loads a database (checking it whole) and says what it is. */
final class DbInfoCommand {
    private static final String COMMAND = "db info";
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FOOTER = """

            Exit status:
              0  the database loaded and was described
              1  it is missing, not a database, of a newer format, truncated or corrupt
              2  wrong command line
            """;

    private static final Option FORMAT = Option.builder("f").longOpt("format").hasArg().argName("FORMAT")
            .desc("text or json. Default: text.").get();
    private static final Option DEBUG = Option.builder().longOpt("debug").desc("Print a stack trace with errors.").get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();
    static final Options OPTIONS = new Options().addOption(FORMAT).addOption(DEBUG).addOption(HELP);

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;

    DbInfoCommand(OutputStream stdout, PrintWriter out, PrintWriter err, Clock clock) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int run(String... args) {
        CommandLine line;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            return CommandOutput.usageError(err, COMMAND, e.getMessage());
        }
        if (line.hasOption(HELP)) {
            out.println("Usage: imagescan db info [OPTIONS] DB");
            out.println("Loads a vulnerability database, checking it whole, and says what it is.");
            out.println();
            CommandOutput.printOptions(out, OPTIONS);
            out.print(FOOTER);
            out.flush();
            return ImageScanCli.OK;
        }
        List<String> files = line.getArgList();
        if (files.size() != 1) {
            return CommandOutput.usageError(err, COMMAND, files.isEmpty() ? "missing DB"
                    : "one DB at a time, got " + files.size());
        }
        String format = line.getOptionValue(FORMAT, "text").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            return CommandOutput.usageError(err, COMMAND, "unknown format '" + line.getOptionValue(FORMAT)
                    + "'; choose text or json");
        }
        boolean debug = line.hasOption(DEBUG);
        try {
            Path file = Path.of(files.get(0));
            DatabaseInfo info = VulnDatabases.load(file).info();
            if (format.equals("json")) {
                json(file, info);
            } else {
                text(file, info);
            }
            return ImageScanCli.OK;
        } catch (Exception e) {
            return CommandOutput.fail(err, e, debug);
        }
    }

    private void text(Path file, DatabaseInfo info) {
        out.printf(Locale.ROOT, "Database:        %s (%s)%n", file, bytes(file.toFile().length()));
        out.printf(Locale.ROOT, "Format version:  %d%n", info.formatVersion());
        out.printf(Locale.ROOT, "Built at:        %s (%s)%n", info.builtAt(), age(info));
        out.printf(Locale.ROOT, "Newest record:   %s%n", info.newestModified() == null ? "none"
                : info.newestModified().toString());
        String indent = "                 ";
        for (int i = 0; i < info.sources().size(); i++) {
            String source = info.sources().get(i);
            Long records = info.sourceRecords().get(source);
            out.println((i == 0 ? "Sources:         " : indent) + source
                    + (records == null ? "" : " (" + records + " record" + (records == 1 ? "" : "s") + ")"));
            SourceStatus status = info.status(source);
            if (status.newestModified() != null || status.fetchedAt() != null) {
                out.println(indent + "  newest record " + (status.newestModified() == null ? "none"
                        : status.newestModified()) + ", fetched " + (status.fetchedAt() == null ? "unknown"
                        : status.fetchedAt()));
            }
            if (status.lastError() != null) {
                out.println(indent + "  last error: " + status.lastError() + " (its previous records are used)");
            }
        }
        if (info.sources().isEmpty()) {
            out.println("Sources:         none");
        }
        out.printf(Locale.ROOT, "Advisories:      %d%n", info.advisories());
        out.printf(Locale.ROOT, "Ecosystems:      %d%n", info.ecosystems().size());
        for (Map.Entry<String, Integer> e : new TreeMap<>(info.ecosystems()).entrySet()) {
            out.printf(Locale.ROOT, "  %-40s %8d%n", e.getKey(), e.getValue());
        }
        if (info.formatVersion() >= 2) {
            out.printf(Locale.ROOT, "CVE data:        %d CVEs with NVD, EPSS or KEV data%n", info.cves());
        }
        out.printf(Locale.ROOT, "Digest:          %s%n", info.digest());
        out.flush();
    }

    private void json(Path file, DatabaseInfo info) throws IOException {
        OutputStream stream = new BufferedOutputStream(stdout);
        try (JsonGenerator g = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("file", file.toString());
            g.writeNumberField("formatVersion", info.formatVersion());
            g.writeStringField("builtAt", info.builtAt().toString());
            g.writeNumberField("ageSeconds", Duration.between(info.builtAt(), clock.instant()).toSeconds());
            g.writeStringField("newestModified", info.newestModified() == null ? null
                    : info.newestModified().toString());
            g.writeArrayFieldStart("sources");
            for (String s : info.sources()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("sourceRecords");
            for (Map.Entry<String, Long> e : info.sourceRecords().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("sourceStatus");
            for (Map.Entry<String, SourceStatus> e : info.sourceStatus().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                SourceStatus st = e.getValue();
                g.writeStringField("newestModified", st.newestModified() == null ? null
                        : st.newestModified().toString());
                g.writeStringField("fetchedAt", st.fetchedAt() == null ? null : st.fetchedAt().toString());
                g.writeStringField("lastError", st.lastError());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("cves", info.cves());
            g.writeNumberField("advisories", info.advisories());
            g.writeObjectFieldStart("ecosystems");
            for (Map.Entry<String, Integer> e : new TreeMap<>(info.ecosystems()).entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("digest", info.digest());
            g.writeEndObject();
        }
        stream.write('\n');
        stream.flush();
    }

    /** How long ago the database was built, in the largest whole unit: "3 days ago", "just now", "in the future". */
    private String age(DatabaseInfo info) {
        Duration d = Duration.between(info.builtAt(), clock.instant());
        if (d.isNegative()) {
            return "in the future";
        }
        if (d.toDays() > 0) {
            return plural(d.toDays(), "day") + " ago";
        }
        if (d.toHours() > 0) {
            return plural(d.toHours(), "hour") + " ago";
        }
        if (d.toMinutes() > 0) {
            return plural(d.toMinutes(), "minute") + " ago";
        }
        return "just now";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A size for people: bytes, kB, MB (powers of 1000). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " bytes";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
