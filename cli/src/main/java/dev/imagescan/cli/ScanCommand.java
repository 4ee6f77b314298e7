package dev.imagescan.cli;

import dev.imagescan.assess.Assessment;
import dev.imagescan.assess.Assessor;
import dev.imagescan.cache.DirectoryLayerCache;
import dev.imagescan.cli.db.DatabaseChoice;
import dev.imagescan.cli.db.DatabaseSettings;
import dev.imagescan.common.BadInputException;
import dev.imagescan.image.Platform;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.policy.Verdict;
import dev.imagescan.policy.VerdictJsonWriter;
import dev.imagescan.policy.VerdictTable;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.report.CycloneDxVexWriter;
import dev.imagescan.report.CycloneDxWriter;
import dev.imagescan.report.FindingSuppressor;
import dev.imagescan.report.GitLabReportWriter;
import dev.imagescan.report.HtmlReportWriter;
import dev.imagescan.report.JsonInventoryWriter;
import dev.imagescan.report.JsonReportWriter;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.SarifReportWriter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.SpdxWriter;
import dev.imagescan.report.TableReportWriter;
import dev.imagescan.report.TableWriter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.sbom.CycloneDxSbomReader;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code imagescan scan IMAGE}: inventory one image (or read an SBOM), match it, and print or write the result. */
final class ScanCommand {
    private static final String HEADER = """
            Reports the vulnerabilities of an image's OS packages, with severity (High, Medium, Low, Unknown),
            the fixed version, the command that installs it and the layer that brought each package; then a fix
            plan. IMAGE is an image in a registry (alpine:3.20, ghcr.io/org/app:1, …@sha256:…; docs/registry.md),
            or a file: a docker-archive tar (docker save, skopeo), an OCI archive tar, an OCI layout directory, or
            either tar compressed with gzip or zstd (a path that exists is always a file). With --sbom, a CycloneDX
            JSON SBOM is read instead.

            """;
    private static final String FOOTER = """

            Exit status:
              0  the scan ran and the output was written (and no reported finding remains, with --exit-code)
              1  the image or SBOM could not be scanned (missing, corrupt, over a limit), or the database failed
              2  wrong command line
              N  with --exit-code N: at least one finding was reported; with --policy (or --format verdict):
                 the policy BLOCKED the image
            """;

    private static final Option FORMAT = Option.builder("f").longOpt("format").hasArg().argName("FORMAT")
            .desc("table, json, sarif (SARIF 2.1.0), cyclonedx-vex (CycloneDX 1.5 with vulnerabilities), gitlab"
                    + " (GitLab's container-scanning report) or html (one self-contained page): the vulnerability"
                    + " report, docs/report-format.md; verdict (the policy verdict, docs/policy.md); cyclonedx"
                    + " (CycloneDX 1.5 SBOM), spdx-json (SPDX 2.3 SBOM), inventory (docs/json-format.md) or packages"
                    + " (a table): the packages only. Default: table.")
            .get();
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("FILE")
            .desc("Write to FILE instead of standard output ('-'). A regular file is written whole or not at all"
                    + " (renamed into place); a device or FIFO such as /dev/null is written directly.").get();
    private static final Option DB = Option.builder().longOpt("db").hasArg().argName("FILE")
            .desc("The vulnerability database file to use as it is (imagescan db build). Default: the cached one"
                    + " (docs/cli.md#the-vulnerability-database), refreshed from --db-url when due; the bundled"
                    + " snapshot only when there is none.").get();
    private static final Option SEVERITY = Option.builder().longOpt("severity").hasArg().argName("LEVELS")
            .desc("Report only these levels, comma-separated: High,Medium,Low,Unknown. Default: all.").get();
    private static final Option IGNORE_UNFIXED = Option.builder().longOpt("ignore-unfixed")
            .desc("Leave out vulnerabilities without a fixed version (no fix yet, fix deferred, will not fix,"
                    + " out of support, under investigation).").get();
    private static final Option EXIT_CODE = Option.builder().longOpt("exit-code").hasArg().argName("N")
            .desc("Exit with N when a reported finding remains (for CI gates). Default: 0.").get();
    private static final Option POLICY = Option.builder().longOpt("policy").hasArg().argName("FILE")
            .desc("Apply this blocking policy (docs/policy.md) to every finding: the verdict follows the report on"
                    + " standard error, and --exit-code N then means BLOCKED.").get();
    private static final Option SBOM = Option.builder().longOpt("sbom").hasArg().argName("FILE")
            .desc("Scan a CycloneDX JSON SBOM (with package URLs) instead of an image.").get();
    private static final Option PLATFORM = Option.builder().longOpt("platform").hasArg().argName("OS/ARCH[/VARIANT]")
            .desc("Which image of a multi-platform index to scan. Default: linux/amd64 when there is a choice.").get();
    private static final Option MAX_LAYER_SIZE = Option.builder().longOpt("max-layer-size").hasArg().argName("BYTES")
            .desc("Refuse a layer that decompresses to more than this (e.g. 512m, 16g). Default: 16g. The whole image"
                    + " (all layers, re-reads, a compressed archive inflated) may read 4 times this.").get();
    private static final Option MAX_SCAN_TIME = Option.builder().longOpt("max-scan-time").hasArg()
            .argName("DURATION").desc("Stop a scan of an image that runs longer than this (e.g. 90s, 45m, 2h)."
                    + " Default: 30m.").get();
    private static final Option SCRATCH_DIR = Option.builder().longOpt("scratch-dir").hasArg().argName("DIR")
            .desc("Where to spool large files during the scan. Default: the system temporary directory.").get();
    private static final Option USERNAME = Option.builder().longOpt("username").hasArg().argName("USER")
            .desc("The registry user name; the password is read from standard input (--password-stdin). Default:"
                    + " Docker's config.json (auths, credHelpers, credsStore), else anonymous.").get();
    private static final Option PASSWORD_STDIN = Option.builder().longOpt("password-stdin")
            .desc("Read the registry password (or token) for --username from standard input.").get();
    private static final Option INSECURE_REGISTRY = Option.builder().longOpt("insecure-registry").hasArg()
            .argName("HOST[:PORT]").desc("Reach this registry over plain http (repeatable). localhost and 127.0.0.1"
                    + " always are.").get();
    private static final Option LAYER_CACHE = Option.builder().longOpt("layer-cache").hasArg().argName("DIR")
            .desc("Keep what was read of each layer in DIR and reuse it: a re-scan reads (from a registry: downloads)"
                    + " no layer seen before (docs/layer-cache.md). Default: none.").get();
    private static final Option IGNORE_FILE = Option.builder().longOpt("ignorefile").hasArg().argName("FILE")
            .desc("Findings that do not apply (docs/cli.md#ignore-file). Default: .imagescanignore in the working"
                    + " directory, when there is one.").get();
    private static final Option VEX = Option.builder().longOpt("vex").hasArg().argName("FILE")
            .desc("An OpenVEX or CycloneDX VEX document; its not_affected and fixed statements suppress the findings"
                    + " they name. Repeatable (IMAGESCAN_VEX and the config file: comma-separated or a list).").get();
    private static final Option SHOW_SUPPRESSED = Option.builder().longOpt("show-suppressed")
            .desc("List the suppressed findings, and why, in the table (JSON, SARIF and CycloneDX always carry"
                    + " them).").get();
    private static final Option QUIET = Option.builder("q").longOpt("quiet")
            .desc("Print no notes on standard error (database age, suppressed counts, coverage); warnings and errors"
                    + " still.").get();
    private static final Option DEBUG = Option.builder().longOpt("debug").desc("Print a stack trace with errors.").get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();
    static final Options OPTIONS = new Options()
            .addOption(FORMAT).addOption(OUTPUT).addOption(DB).addOption(SEVERITY).addOption(IGNORE_UNFIXED)
            .addOption(EXIT_CODE).addOption(POLICY).addOption(SBOM).addOption(PLATFORM).addOption(MAX_LAYER_SIZE)
            .addOption(MAX_SCAN_TIME).addOption(SCRATCH_DIR).addOption(USERNAME).addOption(PASSWORD_STDIN)
            .addOption(INSECURE_REGISTRY).addOption(LAYER_CACHE).addOption(IGNORE_FILE).addOption(VEX)
            .addOption(SHOW_SUPPRESSED).addOption(QUIET).addOption(DEBUG).addOption(HELP);

    static {
        DatabaseOptions.ALL.forEach(OPTIONS::addOption);
    }

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Defaults defaults;
    private FindingSuppressor suppressor = FindingSuppressor.NONE;
    private boolean showSuppressed;
    private boolean quiet;
    private boolean colour;
    private DatabaseSettings databaseSettings;

    ScanCommand(OutputStream stdout, PrintWriter out, PrintWriter err) {
        this(stdout, out, err, Defaults.NONE);
    }

    /** @param defaults option values from the environment and the config file */
    ScanCommand(OutputStream stdout, PrintWriter out, PrintWriter err, Defaults defaults) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
        this.defaults = defaults;
    }

    int run(String... args) {
        CommandLine line;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            return usageError(e.getMessage());
        }
        if (line.hasOption(HELP)) {
            printHelp(out);
            return ImageScanCli.OK;
        }
        List<String> images = line.getArgList();
        Path sbom = line.hasOption(SBOM) ? Path.of(line.getOptionValue(SBOM)) : null;
        if (sbom != null && !images.isEmpty()) {
            return usageError("give an IMAGE or --sbom FILE, not both");
        }
        if (sbom == null && images.size() != 1) {
            return usageError(images.isEmpty() ? "missing IMAGE" : "one IMAGE at a time, got " + images.size());
        }
        Policy policy = null;
        String policyFile = defaults.value(line, POLICY);
        if (policyFile != null) {
            try {
                policy = PolicyParser.read(Path.of(policyFile));
            } catch (PolicyFormatException e) {
                return usageError(policyFile + ": " + e.getMessage());
            } catch (IOException e) {
                return usageError("--policy: " + CommandOutput.describe(e));
            }
        }
        String reference = sbom == null && RegistryArguments.isReference(images.get(0)) ? images.get(0) : null;
        if (line.hasOption(USERNAME) != line.hasOption(PASSWORD_STDIN)) {
            return usageError(line.hasOption(USERNAME) ? "--username needs --password-stdin (the password is read"
                    + " from standard input, never from the command line)" : "--password-stdin needs --username");
        }
        if (reference == null && (line.hasOption(USERNAME) || line.hasOption(INSECURE_REGISTRY))) {
            return usageError("--username and --insecure-registry apply to an image in a registry, not to a file");
        }
        Request request;
        try {
            request = new Request(sbom == null && reference == null ? Path.of(images.get(0)) : null, sbom,
                    OutputFormat.parse(defaults.value(line, FORMAT, "table")),
                    line.getOptionValue(OUTPUT),
                    defaults.value(line, DB) != null ? Path.of(defaults.value(line, DB)) : null,
                    new ReportFilter(levels(defaults.value(line, SEVERITY)), defaults.flag(line, IGNORE_UNFIXED)),
                    defaults.value(line, EXIT_CODE) != null ? exitCode(defaults.value(line, EXIT_CODE)) : null,
                    defaults.value(line, PLATFORM) != null ? platform(defaults.value(line, PLATFORM)) : null,
                    defaults.value(line, MAX_LAYER_SIZE) != null ? size(defaults.value(line, MAX_LAYER_SIZE)) : null,
                    defaults.value(line, MAX_SCAN_TIME) != null ? duration(defaults.value(line, MAX_SCAN_TIME))
                            : null,
                    defaults.value(line, SCRATCH_DIR) != null ? Path.of(defaults.value(line, SCRATCH_DIR)) : null,
                    defaults.flag(line, DEBUG), policy, reference, line.getOptionValue(USERNAME),
                    insecureRegistries(line),
                    defaults.value(line, LAYER_CACHE) != null ? Path.of(defaults.value(line, LAYER_CACHE)) : null);
            this.quiet = defaults.flag(line, QUIET);
            this.showSuppressed = defaults.flag(line, SHOW_SUPPRESSED);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        FindingSuppressor suppressor;
        try {
            suppressor = SuppressionFiles.load(defaults.value(line, IGNORE_FILE), defaults.values(line, VEX),
                    Clock.systemUTC());
        } catch (BadInputException e) {
            return fail(e.getMessage(), e, request.debug());
        } catch (IOException e) {
            return fail(CommandOutput.describe(e), e, request.debug());
        }
        this.suppressor = suppressor;
        try {
            this.databaseSettings = DatabaseOptions.settings(line, defaults);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        return scan(request);
    }

    /**
     * A parsed command line; exactly one of {@code image}, {@code sbom} and {@code reference} (an image in a
     * registry) is set. {@code policy} is null without {@code --policy}; {@code output} is null without {@code -o}.
     */
    private record Request(Path image, Path sbom, OutputFormat format, String output, Path db, ReportFilter filter,
            Integer exitCode, Platform platform, Long maxLayerSize, Duration maxScanTime, Path scratchDir,
            boolean debug, Policy policy, String reference, String username, List<String> insecureRegistries,
            Path layerCache) {

        /** The policy to apply: --policy, or the default one for --format verdict; null when none applies. */
        Policy appliedPolicy() {
            return policy != null ? policy : format == OutputFormat.VERDICT ? Policy.defaults() : null;
        }
    }

    /** --insecure-registry (repeatable), else its environment variable or config key (comma-separated). */
    private List<String> insecureRegistries(CommandLine line) {
        return defaults.values(line, INSECURE_REGISTRY);
    }

    private int scan(Request r) {
        try {
            OutputTarget target = OutputTarget.of(r.output());
            Inventory inventory = r.sbom() != null ? CycloneDxSbomReader.read(r.sbom()) : scanImage(r);
            VulnerabilityReport report = null;
            Verdict verdict = null;
            Policy policy = r.appliedPolicy();
            if (r.format().isReport() || r.exitCode() != null || policy != null) {
                VulnDatabase db = r.db() != null ? VulnDatabases.load(r.db())
                        : new DatabaseChoice(databaseSettings, Clock.systemUTC(), err, !quiet,
                                Terminal.progressWanted(defaults.env())).load();
                Assessment assessment = new Assessor(Clock.systemUTC()).assess(inventory, db, r.filter(), policy,
                        suppressor);
                report = assessment.report();
                verdict = assessment.verdict();
            }
            VulnerabilityReport finalReport = report;
            Verdict finalVerdict = verdict;
            colour = target.isStandardOutput() && Terminal.coloursWanted(defaults.env());
            target.write(stdout, stream -> write(inventory, finalReport, finalVerdict, r.format(), stream));
            if (report != null) {
                report.suppressed().notices().forEach(n -> err.println("imagescan: warning: " + n));
                if (!quiet && !report.suppressed().findings().isEmpty() && r.format() != OutputFormat.TABLE) {
                    err.println("imagescan: note: " + report.suppressed().findings().size() + " finding"
                            + (report.suppressed().findings().size() == 1 ? "" : "s") + " suppressed by the ignore"
                            + " file or VEX statements");
                }
            }
            if (!target.isStandardOutput() || r.format() != OutputFormat.TABLE) {
                inventory.warnings().forEach(w -> err.println("imagescan: warning: " + w));
                if (!quiet && report != null && report.coverage().message() != null) {
                    err.println("imagescan: note: " + report.coverage().message());
                }
            }
            if (verdict != null && r.format() != OutputFormat.VERDICT) {
                new VerdictTable().write(verdict, err);
            }
            err.flush();
            if (verdict != null) {
                return verdict.blocked() && r.exitCode() != null ? r.exitCode() : ImageScanCli.OK;
            }
            if (report != null && r.exitCode() != null && !report.findings().isEmpty()) {
                return r.exitCode();
            }
            return ImageScanCli.OK;
        } catch (BadInputException e) {
            return fail(e.getMessage(), e, r.debug());
        } catch (UncheckedIOException e) {
            return fail(CommandOutput.describe(e.getCause()), e, r.debug());
        } catch (IOException e) {
            return fail(CommandOutput.describe(e), e, r.debug());
        } catch (RuntimeException e) {
            return fail("internal error: " + e + (r.debug() ? "" : " (run with --debug for details)"), e, r.debug());
        }
    }

    private Inventory scanImage(Request r) {
        ScanOptions options = ScanOptions.defaults().withPlatform(r.platform()).withScratchDir(r.scratchDir());
        if (r.maxLayerSize() != null) {
            options = options.withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(r.maxLayerSize()));
        }
        if (r.maxScanTime() != null) {
            options = options.withBudget(options.budget().withMaxTime(r.maxScanTime()));
        }
        if (r.layerCache() != null) {
            options = options.withLayerCache(new DirectoryLayerCache(r.layerCache()));
        }
        ScanProgress progress = quiet || !Terminal.progressWanted(defaults.env()) ? null
                : r.reference() != null ? ScanProgress.on(err, "pulling", r.reference())
                : ScanProgress.on(err, "reading", String.valueOf(r.image().getFileName()));
        if (progress != null) {
            options = options.withListener(progress);
        }
        if (r.reference() == null) {
            try {
                return new ImageScanner(options).scan(r.image());
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
        }
        ImageReference reference = ImageReference.parse(r.reference());
        try (RegistryClient registry = new RegistryClient(RegistryArguments.options(reference, r.username(),
                r.username() != null, r.insecureRegistries(), System.in))) {
            Inventory inventory;
            try {
                inventory = new ImageScanner(options).scan(registry.image(reference));
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
            if (System.console() != null) {
                err.printf("imagescan: fetched %,d bytes from %s (%d layer blobs)%n", registry.fetched().bytes(),
                        reference.registry(), registry.fetched().layerBlobs());
            }
            return inventory;
        }
    }

    private void write(Inventory inventory, VulnerabilityReport report, Verdict verdict, OutputFormat format,
            OutputStream out) throws IOException {
        switch (format) {
            case VERDICT -> new VerdictJsonWriter().write(verdict, out);
            case TABLE -> new TableReportWriter(showSuppressed, colour).write(report, out);
            case JSON -> new JsonReportWriter().write(report, out);
            case SARIF -> new SarifReportWriter().write(report, out);
            case CYCLONEDX_VEX -> new CycloneDxVexWriter().write(report, out);
            case HTML -> new HtmlReportWriter().write(report, out);
            case GITLAB -> new GitLabReportWriter().write(report, out);
            case CYCLONEDX -> new CycloneDxWriter().write(inventory, out);
            case SPDX_JSON -> new SpdxWriter().write(inventory, out);
            case INVENTORY -> new JsonInventoryWriter().write(inventory, out);
            case PACKAGES -> new TableWriter().write(inventory, out);
        }
    }

    static Set<Severity> levels(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<Severity> levels = EnumSet.noneOf(Severity.class);
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                levels.add(Severity.parse(part));
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("--severity: name at least one of High, Medium, Low, Unknown");
        }
        return levels;
    }

    static int exitCode(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0 || n > 255) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--exit-code: '" + value + "' is not a number from 0 to 255");
        }
    }

    private int fail(String message, Exception e, boolean debug) {
        err.println("imagescan: error: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ImageScanCli.SCAN_FAILED;
    }

    private int usageError(String message) {
        err.println("imagescan scan: " + message);
        err.println("Run 'imagescan scan --help' for usage.");
        err.flush();
        return ImageScanCli.USAGE;
    }

    /** Usage, then one line per option (names, argument, description), then the exit statuses. */
    private static void printHelp(PrintWriter out) {
        out.println("Usage: imagescan scan [OPTIONS] IMAGE");
        out.print(HEADER);
        out.println("Options:");
        for (Option o : OPTIONS.getOptions()) {
            String names = (o.getOpt() == null ? "    " : "-" + o.getOpt() + ", ") + "--" + o.getLongOpt()
                    + (o.hasArg() ? " " + o.getArgName() : "");
            out.printf("  %-34s %s%n", names, o.getDescription());
        }
        out.print(FOOTER);
        out.flush();
    }

    static Platform platform(String value) {
        return Platform.parse(value);
    }

    /** Durations as a positive number with a unit: {@code 90s}, {@code 45m}, {@code 2h}. */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int unit = v.isEmpty() ? -1 : "smh".indexOf(v.charAt(v.length() - 1));
        try {
            if (unit < 0) {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            if (n <= 0 || n > 1_000_000) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(n * new long[] {1, 60, 3600}[unit]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-scan-time: '" + value + "' is not a duration such as 90s, 45m "
                    + "or 2h");
        }
    }

    /** Byte sizes with an optional binary suffix: {@code 1048576}, {@code 512k}, {@code 64m}, {@code 16g}. */
    static long size(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        int suffix = v.isEmpty() ? -1 : "kmgt".indexOf(v.charAt(v.length() - 1));
        if (suffix >= 0) {
            unit = 1L << (10 * (suffix + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n <= 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-layer-size: '" + value + "' is not a size such as 512m or 16g");
        }
    }
}
