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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code imagescan scan IMAGE}: inventory one image and print or write the result. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the OS and the installed OS packages of an image.",
            "IMAGE is a docker-archive tar (docker save, skopeo), an OCI archive tar, an OCI layout directory,",
            "or either tar compressed with gzip or zstd."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the image was scanned and the output written",
            "1:the image could not be scanned (missing, not an image, corrupt, digest mismatch, over a limit)",
            "2:wrong command line"
        })
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ImageScanCli parent;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to scan.")
    Path image;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class,
            description = "table, json (docs/json-format.md) or cyclonedx (CycloneDX 1.5 JSON). Default: ${DEFAULT-VALUE}.")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of standard output (written whole or not at all).")
    Path output;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", converter = PlatformConverter.class,
            description = "Which image of a multi-platform index to scan. Default: linux/amd64 when there is a choice.")
    Platform platform;

    @Option(names = "--max-layer-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Refuse a layer that decompresses to more than this (e.g. 512m, 16g). Default: 16g.")
    Long maxLayerSize;

    @Option(names = "--scratch-dir", paramLabel = "DIR",
            description = "Where to spool large files during the scan. Default: the system temporary directory.")
    Path scratchDir;

    @Option(names = "--debug", description = "Print a stack trace with errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ScanOptions options = ScanOptions.defaults().withPlatform(platform).withScratchDir(scratchDir);
            if (maxLayerSize != null) {
                options = options.withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(maxLayerSize));
            }
            Inventory inventory = new ImageScanner(options).scan(image);
            write(inventory);
            if (output != null || format != ReportFormat.TABLE) {
                inventory.warnings().forEach(w -> err.println("imagescan: warning: " + w));
            }
            return ImageScanCli.OK;
        } catch (ImageScanException e) {
            return fail(err, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            return fail(err, e.getCause().getMessage(), e);
        } catch (IOException e) {
            return fail(err, e.getMessage(), e);
        } catch (RuntimeException e) {
            return fail(err, "internal error: " + e + (debug ? "" : " (run with --debug for details)"), e);
        }
    }

    private int fail(PrintWriter err, String message, Exception e) {
        err.println("imagescan: error: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ImageScanCli.SCAN_FAILED;
    }

    /** Writes to stdout, or to a temporary file beside FILE that replaces it only once complete. */
    private void write(Inventory inventory) throws IOException {
        if (output == null) {
            OutputStream out = new BufferedOutputStream(parent.stdout());
            format.writer().write(inventory, out);
            out.flush();
            return;
        }
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                format.writer().write(inventory, out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
