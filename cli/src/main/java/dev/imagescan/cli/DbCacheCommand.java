package dev.imagescan.cli;

import dev.imagescan.cli.db.ArtifactDownload;
import dev.imagescan.cli.db.CachedDatabase;
import dev.imagescan.cli.db.DatabaseCache;
import dev.imagescan.cli.db.DatabaseSettings;
import dev.imagescan.cli.db.DatabaseUpdater;
import dev.imagescan.cli.db.DownloadProgress;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.osv.OsvLimits;
import dev.imagescan.vulndb.osv.OsvSources;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code imagescan db update|export|import}: the cached database (docs/cli.md#the-vulnerability-database). Update
 * fetches the published artifact when it is newer, verifies its digest and installs it atomically; export copies
 * the cached artifact to a file, and import installs such a file (checked whole) on a host without network.
 */
final class DbCacheCommand {
    private static final Option DEBUG = Option.builder().longOpt("debug").desc("Print a stack trace with errors.")
            .get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();
    static final Option FROM_FEEDS = Option.builder().longOpt("from-feeds").hasArg().argName("SOURCE")
            .desc("Build the database here from OSV feeds instead (as db build --from: a zip, JSON file, directory or"
                    + " https URL; repeatable) and install it.").get();

    private final String mode;
    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Defaults defaults;
    private final Clock clock;

    /** @param mode {@code update}, {@code export} or {@code import} */
    DbCacheCommand(String mode, OutputStream stdout, PrintWriter out, PrintWriter err, Defaults defaults,
            Clock clock) {
        this.mode = mode;
        this.stdout = stdout;
        this.out = out;
        this.err = err;
        this.defaults = defaults;
        this.clock = clock;
    }

    /** The options of {@code db MODE}. */
    static Options options(String mode) {
        Options options = new Options();
        options.addOption(DatabaseOptions.CACHE_DIR);
        if (mode.equals("update")) {
            options.addOption(DatabaseOptions.DB_URL).addOption(DatabaseOptions.DB_REPOSITORY)
                    .addOption(DatabaseOptions.ALLOW_HTTP).addOption(FROM_FEEDS);
        }
        return options.addOption(DEBUG).addOption(HELP);
    }

    int run(String... args) {
        Options options = options(mode);
        String command = "db " + mode;
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            return CommandOutput.usageError(err, command, e.getMessage());
        }
        if (line.hasOption(HELP)) {
            out.println("Usage: imagescan db " + mode + switch (mode) {
                case "update" -> " [--db-url URL | --db-repository REF] [OPTIONS]\nFetches the published database"
                        + " when it is newer than the cached one, verifies its digest and installs it.";
                case "export" -> " [OPTIONS] FILE\nCopies the cached database to FILE (for db import elsewhere).";
                default -> " [OPTIONS] FILE\nChecks FILE whole and installs it as the cached database.";
            });
            out.println();
            CommandOutput.printOptions(out, options);
            out.flush();
            return ImageScanCli.OK;
        }
        List<String> files = line.getArgList();
        boolean wantsFile = !mode.equals("update");
        if (files.size() != (wantsFile ? 1 : 0)) {
            return CommandOutput.usageError(err, command, wantsFile ? "give one FILE" : "takes no argument");
        }
        DatabaseSettings settings;
        try {
            settings = DatabaseOptions.settings(line, defaults);
        } catch (IllegalArgumentException e) {
            return CommandOutput.usageError(err, command, e.getMessage());
        }
        DatabaseCache cache = new DatabaseCache(settings.cacheRoot());
        try {
            return switch (mode) {
                case "update" -> !defaults.values(line, FROM_FEEDS).isEmpty()
                        ? fromFeeds(cache, defaults.values(line, FROM_FEEDS), settings.allowHttp())
                        : update(cache, settings);
                case "export" -> export(cache, files.get(0));
                default -> importFile(cache, Path.of(files.get(0)));
            };
        } catch (IOException | RuntimeException e) {
            return CommandOutput.fail(err, e, line.hasOption(DEBUG));
        }
    }

    private int update(DatabaseCache cache, DatabaseSettings settings) throws IOException {
        DatabaseUpdater.Outcome outcome = new DatabaseUpdater(cache,
                new ArtifactDownload(ArtifactDownload.Settings.defaults(settings.allowHttp())), clock)
                .update(settings, Terminal.progressWanted(defaults.env())
                        ? new DownloadProgress(err, "the database") : null);
        CachedDatabase db = outcome.database();
        out.println((outcome.changed() ? "Installed " : "Up to date: ") + db.version());
        describe(db);
        return ImageScanCli.OK;
    }

    /** Builds the database from feeds, as {@code db build} does, into the cache directory, and installs it. */
    private int fromFeeds(DatabaseCache cache, List<String> feeds, boolean allowHttp) throws IOException {
        List<AdvisorySource> sources = new ArrayList<>();
        for (String feed : feeds) {
            sources.add(OsvSources.of(feed, OsvLimits.DEFAULT.withPlainHttp(allowHttp)));
        }
        Path temp = cache.newTemporaryFile();
        try (OutputStream stream = Files.newOutputStream(temp)) {
            new DatabaseBuilder(w -> err.println("imagescan: warning: " + w))
                    .build(sources, clock.instant().truncatedTo(ChronoUnit.SECONDS), stream);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        String source = "feeds: " + sources.stream().map(AdvisorySource::name).collect(Collectors.joining(", "));
        CachedDatabase db = cache.install(temp, null, source, clock.instant());
        out.println("Installed " + db.version());
        describe(db);
        return ImageScanCli.OK;
    }

    private int export(DatabaseCache cache, String file) throws IOException {
        CachedDatabase db = cache.current();
        if (db == null) {
            return CommandOutput.fail(err, "no database in " + cache.dir() + " to export (imagescan db update"
                    + " first)", new IOException(), false);
        }
        DatabaseCache.load(db); // checked whole before it leaves
        OutputTarget.of(file).write(stdout, stream -> Files.copy(db.artifact(), stream));
        err.println("Exported " + db.version() + " to " + file);
        err.flush();
        return ImageScanCli.OK;
    }

    private int importFile(DatabaseCache cache, Path file) throws IOException {
        Path temp = cache.newTemporaryFile();
        Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
        CachedDatabase db = cache.install(temp, null, "import:" + file.getFileName(), clock.instant());
        out.println("Installed " + db.version());
        describe(db);
        return ImageScanCli.OK;
    }

    private void describe(CachedDatabase db) throws IOException {
        DatabaseInfo info = DatabaseCache.load(db).info();
        out.println("  from:     " + db.source());
        out.println("  built:    " + info.builtAt() + ", newest advisory " + info.newestModified());
        out.println("  holds:    " + info.advisories() + " advisories");
        out.println("  file:     " + db.artifact());
        out.flush();
    }
}
