package dev.imagescan.cli;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.artifact.BuildResult;
import dev.imagescan.vulndb.artifact.BuildStats;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.osv.OsvSources;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code imagescan db build --from SOURCE... -o DB}: imports OSV records and writes the database artifact, whole or
 * not at all (a temporary file beside DB, renamed over it once complete; {@link OutputTarget} says when a device or
 * standard output is written directly instead).
 */
final class DbBuildCommand {
    private static final String COMMAND = "db build";
    private static final int WARNINGS_SHOWN = 20;
    private static final String HEADER = """
            Imports OSV records and compiles them into a vulnerability database. SOURCE is an OSV JSON file,
            a directory (every *.json below it), an OSV zip such as all.zip, or an http(s):// URL of a zip or
            JSON file. Give --from once per source; a record found in several keeps its newest version, and
            withdrawn records are left out. --source NAME[=FILE|URL] adds a named feed: osv=LOCATION, or
            nvd, epss and kev (NVD's CVSS ratings, FIRST's EPSS scores, CISA's Known Exploited Vulnerabilities,
            merged by CVE), alpine (Alpine's secdb, main and community), oracle (Oracle Linux ELSA OVAL),
            debian (the security tracker's DSA and DLA lists), debian-tracker (the security tracker's JSON:
            open issues with their status and urgency) and amazon (Amazon Linux ALAS: 2 and 2023, and 1
            with --allow-http), read from their official URLs unless a file or URL is given.

            """;
    private static final String FOOTER = """

            Exit status:
              0  the database was written
              1  a source could not be read or is malformed (one line says which and why), or DB not written
              2  wrong command line
            """;

    private static final Option FROM = Option.builder().longOpt("from").hasArg().argName("SOURCE")
            .desc("An OSV file, directory, zip or http(s) URL. Repeat for several.").get();
    private static final Option SOURCE = Option.builder().longOpt("source").hasArg().argName("NAME[=FILE|URL]")
            .desc("A named feed: osv=LOCATION, nvd, epss, kev, alpine, oracle, debian, debian-tracker, amazon (official"
                    + " URLs unless FILE or URL). Repeat for several.")
            .get();
    private static final Option CACHE = Option.builder().longOpt("cache").hasArg().argName("DIR")
            .desc("Keep downloads of named feeds and OSV URLs here and fetch them again only when changed"
                    + " (ETag, If-Modified-Since).").get();
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("DB")
            .desc("Where to write the database: a regular file is written whole or not at all; '-' is standard"
                    + " output (the summary then goes to standard error); a device or FIFO is written directly.")
            .get();
    private static final Option BUILT_AT = Option.builder().longOpt("built-at").hasArg().argName("TIME")
            .desc("Build time to record, RFC 3339 (e.g. 2026-11-27T00:00:00Z). Default: now.").get();
    private static final Option ALLOW_HTTP = Option.builder().longOpt("allow-http")
            .desc("Also read plain http:// URLs (a local mirror). Default: https only.").get();
    private static final Option DEBUG = Option.builder().longOpt("debug").desc("Print a stack trace with errors.").get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();
    static final Options OPTIONS = new Options()
            .addOption(FROM).addOption(SOURCE).addOption(CACHE).addOption(OUTPUT).addOption(BUILT_AT)
            .addOption(ALLOW_HTTP).addOption(DEBUG)
            .addOption(HELP);

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;

    DbBuildCommand(OutputStream stdout, PrintWriter out, PrintWriter err) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
    }

    int run(String... args) {
        CommandLine line;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            return CommandOutput.usageError(err, COMMAND, e.getMessage());
        }
        if (line.hasOption(HELP)) {
            out.println("Usage: imagescan db build --from SOURCE [--from SOURCE...] -o DB [OPTIONS]");
            out.print(HEADER);
            CommandOutput.printOptions(out, OPTIONS);
            out.print(FOOTER);
            out.flush();
            return ImageScanCli.OK;
        }
        if (!line.getArgList().isEmpty()) {
            return CommandOutput.usageError(err, COMMAND, "unexpected argument '" + line.getArgList().get(0)
                    + "' (give sources with --from)");
        }
        String[] from = line.getOptionValues(FROM);
        String[] named = line.getOptionValues(SOURCE);
        if (from == null && named == null) {
            return CommandOutput.usageError(err, COMMAND, "missing --from SOURCE (or --source NAME[=FILE|URL])");
        }
        if (!line.hasOption(OUTPUT)) {
            return CommandOutput.usageError(err, COMMAND, "missing -o DB");
        }
        Instant builtAt;
        try {
            builtAt = line.hasOption(BUILT_AT) ? OffsetDateTime.parse(line.getOptionValue(BUILT_AT)).toInstant()
                    : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            return CommandOutput.usageError(err, COMMAND, "--built-at: '" + line.getOptionValue(BUILT_AT)
                    + "' is not an RFC 3339 time such as 2026-11-27T00:00:00Z");
        }
        boolean debug = line.hasOption(DEBUG);
        try {
            AdvisorySources.Options options = AdvisorySources.Options.DEFAULT.withPlainHttp(line.hasOption(ALLOW_HTTP))
                    .withCache(line.hasOption(CACHE) ? Path.of(line.getOptionValue(CACHE)) : null);
            List<String> specs = named == null ? List.of() : List.of(named);
            for (String spec : specs) {
                String[] parts = spec.split("=", 2);
                String head = parts[0].toLowerCase(Locale.ROOT);
                if (!AdvisorySources.NAMES.contains(head)) {
                    return CommandOutput.usageError(err, COMMAND, "--source: unknown source '" + head + "' (known: "
                            + String.join(", ", AdvisorySources.NAMES) + "; give an OSV location with --from)");
                }
                if ((parts.length == 2 && parts[1].isBlank()) || (head.equals("osv") && parts.length == 1)) {
                    return CommandOutput.usageError(err, COMMAND, "--source " + spec + ": give a file or URL after"
                            + " '='" + (head.equals("osv") ? " (osv has no default location)" : ""));
                }
            }
            return build(from == null ? List.of() : List.of(from), specs, options, line.getOptionValue(OUTPUT),
                    builtAt);
        } catch (Exception e) {
            return CommandOutput.fail(err, e, debug);
        }
    }

    private int build(List<String> from, List<String> specs, AdvisorySources.Options options, String output,
            Instant builtAt) throws Exception {
        OutputTarget target = OutputTarget.of(output); // before any source is read: a bad -o fails first
        List<AdvisorySource> sources = new ArrayList<>();
        for (String f : from) {
            sources.add(OsvSources.of(f, options.osv(), options.cache() == null ? null
                    : AdvisorySources.cacheDirectory(f, options.cache())));
        }
        sources.addAll(AdvisorySources.ofAll(specs, options));
        long[] warnings = new long[1];
        DatabaseBuilder builder = new DatabaseBuilder(w -> warn(w, ++warnings[0]));
        BuildResult[] result = new BuildResult[1];
        long size = target.write(stdout, stream -> result[0] = builder.build(sources, builtAt, builtAt, stream));
        if (warnings[0] > WARNINGS_SHOWN) {
            err.println("imagescan: warning: " + (warnings[0] - WARNINGS_SHOWN) + " more warnings not shown");
        }
        err.flush();
        summary(target.isStandardOutput() ? err : out, target.isStandardOutput() ? "standard output" : output,
                size, result[0]);
        return ImageScanCli.OK;
    }

    private void warn(OsvWarning w, long count) {
        if (count <= WARNINGS_SHOWN) {
            err.println("imagescan: warning: " + w);
        }
    }

    /** What was written where, and what was read: on standard error when the database went to standard output. */
    private static void summary(PrintWriter out, String output, long size, BuildResult result) {
        BuildStats s = result.stats();
        out.printf(Locale.ROOT, "Wrote %s: %d advisories, %s, %s%n", output, s.advisories(),
                DbInfoCommand.bytes(size), result.info().digest());
        out.printf(Locale.ROOT, "Read %d records from %d source%s: %d duplicate%s, %d withdrawn, "
                + "%d CVSS vector%s skipped%n", s.recordsRead(), s.sources(), s.sources() == 1 ? "" : "s",
                s.duplicates(), s.duplicates() == 1 ? "" : "s", s.withdrawn(), s.skippedCvssVectors(),
                s.skippedCvssVectors() == 1 ? "" : "s");
        for (Map.Entry<String, Integer> e : new TreeMap<>(s.ecosystems()).entrySet()) {
            out.printf(Locale.ROOT, "  %-40s %8d%n", e.getKey(), e.getValue());
        }
        if (result.info().cves() > 0) {
            out.printf(Locale.ROOT, "Severity and exploitation data for %d CVEs%n", result.info().cves());
        }
        for (BuildStats.SourceRead r : s.perSource()) {
            out.printf(Locale.ROOT, "  source %-50s %8d records  %s%n", r.name(), r.records(), r.version());
        }
        out.flush();
    }
}
