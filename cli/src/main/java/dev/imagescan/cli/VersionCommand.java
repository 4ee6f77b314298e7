package dev.imagescan.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.cli.db.CachedDatabase;
import dev.imagescan.cli.db.DatabaseCache;
import dev.imagescan.cli.db.DatabaseSettings;
import dev.imagescan.common.ScannerVersion;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.DatabaseInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code imagescan version [--format json]}: the scanner's version, its analyzers' versions, and the database a scan
 * would use now (the cached one, with its source and ages, else the bundled snapshot) — without downloading.
 */
final class VersionCommand {
    private static final Option FORMAT = Option.builder("f").longOpt("format").hasArg().argName("FORMAT")
            .desc("text or json. Default: text.").get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Defaults defaults;
    private final Clock clock;

    VersionCommand(OutputStream stdout, PrintWriter out, PrintWriter err, Defaults defaults, Clock clock) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
        this.defaults = defaults;
        this.clock = clock;
    }

    int run(String... args) {
        Options options = new Options().addOption(FORMAT).addOption(DatabaseOptions.CACHE_DIR).addOption(HELP);
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            return CommandOutput.usageError(err, "version", e.getMessage());
        }
        if (line.hasOption(HELP)) {
            out.println("Usage: imagescan version [--format json]");
            out.println("Prints the scanner, analyzer and database versions, and the database's ages.");
            out.println();
            CommandOutput.printOptions(out, options);
            out.flush();
            return ImageScanCli.OK;
        }
        String format = line.getOptionValue(FORMAT, "text").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            return CommandOutput.usageError(err, "version", "unknown format '" + format + "'; choose text or json");
        }
        try {
            DatabaseSettings settings = DatabaseOptions.settings(line, defaults);
            CachedDatabase cached = new DatabaseCache(settings.cacheRoot()).current();
            DatabaseInfo info = cached == null ? BundledDatabase.load().info() : DatabaseCache.load(cached).info();
            List<PackageAnalyzer> analyzers = Analyzers.defaults();
            if (format.equals("json")) {
                json(analyzers, cached, info);
            } else {
                text(analyzers, cached, info);
            }
            return ImageScanCli.OK;
        } catch (IOException | RuntimeException e) {
            return CommandOutput.fail(err, e, false);
        }
    }

    private void text(List<PackageAnalyzer> analyzers, CachedDatabase cached, DatabaseInfo info) {
        Instant now = clock.instant();
        out.println(ScannerVersion.NAME + " " + ScannerVersion.version());
        out.println("Java:      " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + ")");
        StringBuilder names = new StringBuilder();
        for (PackageAnalyzer a : analyzers) {
            names.append(names.length() == 0 ? "" : ", ").append(a.name()).append(' ').append(a.version());
        }
        out.println("Analyzers: " + names);
        out.println("Database:  " + info.digest() + (cached == null ? " (the bundled snapshot)" : ""));
        out.println("  built " + info.builtAt() + ", newest advisory " + days(info.newestModified(), now) + " old, "
                + info.advisories() + " advisories");
        if (cached != null) {
            out.println("  from " + cached.source() + ", installed " + days(cached.installedAt(), now)
                    + " ago, checked " + days(cached.checkedAt(), now) + " ago");
        }
        out.flush();
    }

    private void json(List<PackageAnalyzer> analyzers, CachedDatabase cached, DatabaseInfo info) throws IOException {
        Instant now = clock.instant();
        try (JsonGenerator g = new JsonFactory().createGenerator(stdout, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", ScannerVersion.NAME);
            g.writeStringField("version", ScannerVersion.version());
            g.writeStringField("java", System.getProperty("java.version"));
            g.writeArrayFieldStart("analyzers");
            for (PackageAnalyzer a : analyzers) {
                g.writeStartObject();
                g.writeStringField("name", a.name());
                g.writeNumberField("version", a.version());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("database");
            g.writeStringField("version", info.digest());
            g.writeBooleanField("bundled", cached == null);
            g.writeStringField("builtAt", String.valueOf(info.builtAt()));
            g.writeStringField("newestAdvisory", String.valueOf(info.newestModified()));
            g.writeNumberField("ageDays", info.newestModified() == null ? -1
                    : Duration.between(info.newestModified(), now).toDays());
            g.writeNumberField("advisories", info.advisories());
            g.writeStringField("source", cached == null ? null : cached.source());
            g.writeStringField("installedAt", cached == null ? null : cached.installedAt().toString());
            g.writeStringField("checkedAt", cached == null ? null : cached.checkedAt().toString());
            g.writeEndObject();
            g.writeEndObject();
        }
        stdout.write('\n');
        stdout.flush();
    }

    private static String days(Instant then, Instant now) {
        if (then == null) {
            return "?";
        }
        long d = Math.max(0, Duration.between(then, now).toDays());
        return d == 1 ? "1 day" : d + " days";
    }
}
