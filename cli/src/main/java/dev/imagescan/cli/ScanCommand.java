package dev.imagescan.cli;

import dev.imagescan.ImageScanException;
import dev.imagescan.ImageScanner;
import dev.imagescan.ScanOptions;
import dev.imagescan.image.Platform;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.report.ReportFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code imagescan scan IMAGE}: inventory one image and print or write the result. */
final class ScanCommand {
    private static final String HEADER = """
            Lists the OS and the installed OS packages of an image, with the layer that brought each package.
            IMAGE is a docker-archive tar (docker save, skopeo), an OCI archive tar, an OCI layout directory,
            or either tar compressed with gzip or zstd.

            """;
    private static final String FOOTER = """

            Exit status:
              0  the image was scanned and the output written
              1  the image could not be scanned (missing, not an image, corrupt, digest mismatch, over a limit)
              2  wrong command line
            """;

    private static final Option FORMAT = Option.builder("f").longOpt("format").hasArg().argName("FORMAT")
            .desc("table, json (docs/json-format.md) or cyclonedx (CycloneDX 1.5 JSON). Default: table.").get();
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("FILE")
            .desc("Write to FILE instead of standard output (written whole or not at all).").get();
    private static final Option PLATFORM = Option.builder().longOpt("platform").hasArg().argName("OS/ARCH[/VARIANT]")
            .desc("Which image of a multi-platform index to scan. Default: linux/amd64 when there is a choice.").get();
    private static final Option MAX_LAYER_SIZE = Option.builder().longOpt("max-layer-size").hasArg().argName("BYTES")
            .desc("Refuse a layer that decompresses to more than this (e.g. 512m, 16g). Default: 16g.").get();
    private static final Option SCRATCH_DIR = Option.builder().longOpt("scratch-dir").hasArg().argName("DIR")
            .desc("Where to spool large files during the scan. Default: the system temporary directory.").get();
    private static final Option DEBUG = Option.builder().longOpt("debug").desc("Print a stack trace with errors.").get();
    private static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help.").get();
    private static final Options OPTIONS = new Options()
            .addOption(FORMAT).addOption(OUTPUT).addOption(PLATFORM).addOption(MAX_LAYER_SIZE)
            .addOption(SCRATCH_DIR).addOption(DEBUG).addOption(HELP);

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;

    ScanCommand(OutputStream stdout, PrintWriter out, PrintWriter err) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
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
        if (images.size() != 1) {
            return usageError(images.isEmpty() ? "missing IMAGE" : "one IMAGE at a time, got " + images.size());
        }
        Request request;
        try {
            request = new Request(Path.of(images.get(0)),
                    format(line.getOptionValue(FORMAT, "table")),
                    line.hasOption(OUTPUT) ? Path.of(line.getOptionValue(OUTPUT)) : null,
                    line.hasOption(PLATFORM) ? platform(line.getOptionValue(PLATFORM)) : null,
                    line.hasOption(MAX_LAYER_SIZE) ? size(line.getOptionValue(MAX_LAYER_SIZE)) : null,
                    line.hasOption(SCRATCH_DIR) ? Path.of(line.getOptionValue(SCRATCH_DIR)) : null,
                    line.hasOption(DEBUG));
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        return scan(request);
    }

    /** A parsed command line. */
    private record Request(Path image, ReportFormat format, Path output, Platform platform, Long maxLayerSize,
            Path scratchDir, boolean debug) {}

    private int scan(Request r) {
        try {
            ScanOptions options = ScanOptions.defaults().withPlatform(r.platform()).withScratchDir(r.scratchDir());
            if (r.maxLayerSize() != null) {
                options = options.withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(r.maxLayerSize()));
            }
            Inventory inventory = new ImageScanner(options).scan(r.image());
            write(inventory, r);
            if (r.output() != null || r.format() != ReportFormat.TABLE) {
                inventory.warnings().forEach(w -> err.println("imagescan: warning: " + w));
            }
            return ImageScanCli.OK;
        } catch (ImageScanException e) {
            return fail(e.getMessage(), e, r.debug());
        } catch (UncheckedIOException e) {
            return fail(e.getCause().getMessage(), e, r.debug());
        } catch (IOException e) {
            return fail(e.getMessage(), e, r.debug());
        } catch (RuntimeException e) {
            return fail("internal error: " + e + (r.debug() ? "" : " (run with --debug for details)"), e, r.debug());
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

    /** Writes to stdout, or to a temporary file beside FILE that replaces it only once complete. */
    private void write(Inventory inventory, Request r) throws IOException {
        if (r.output() == null) {
            OutputStream stream = new BufferedOutputStream(stdout);
            r.format().writer().write(inventory, stream);
            stream.flush();
            return;
        }
        Path target = r.output().toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temp))) {
                r.format().writer().write(inventory, stream);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static ReportFormat format(String value) {
        try {
            return ReportFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + value + "'; choose one of "
                    + Arrays.stream(ReportFormat.values()).map(ReportFormat::toString).collect(Collectors.joining(", ")));
        }
    }

    static Platform platform(String value) {
        return Platform.parse(value);
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
