package dev.imagescan.cli;

import dev.imagescan.common.ScannerVersion;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code imagescan}: the scanning library on a laptop. Dispatches to a command ({@code scan}, {@code db build},
 * {@code db info}); each command parses its own options with commons-cli.
 */
public final class ImageScanCli {

    /** Exit status: the scan ran and its output was written. */
    public static final int OK = 0;
    /**
     * Exit status: the input could not be scanned (not an image, corrupt, over a limit), a database could not be
     * built or read, or output failed.
     */
    public static final int SCAN_FAILED = 1;
    /** Exit status: the command line was wrong. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: imagescan COMMAND [OPTIONS]
            Inventories container images: OS, installed packages, the layer that brought each one;
            builds the vulnerability database they are matched against.

            Commands:
              scan IMAGE   list the OS and OS packages of an image (imagescan scan --help)
              db build     compile OSV records into a vulnerability database (imagescan db build --help)
              db info DB   describe a vulnerability database (imagescan db info --help)
              db update    fetch the published database into the cache; db export FILE, db import FILE

            Options:
              -h, --help     show this help
              -V, --version  show the version
            """;

    private ImageScanCli() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI with the given standard streams; returns the exit status. */
    public static int run(OutputStream out, OutputStream err, String... args) {
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        if (args.length == 0) {
            errWriter.print(USAGE_TEXT);
            errWriter.flush();
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Defaults defaults = new Defaults(System.getenv(), Map.of());
        switch (args[0]) {
            case "scan":
                return new ScanCommand(out, outWriter, errWriter, defaults).run(rest);
            case "db":
                return new DbCommand(out, outWriter, errWriter, defaults).run(rest);
            case "-h":
            case "--help":
            case "help":
                if (rest.length > 0 && rest[0].equals("scan")) {
                    return new ScanCommand(out, outWriter, errWriter).run("--help");
                }
                if (rest.length > 0 && rest[0].equals("db")) {
                    return new DbCommand(out, outWriter, errWriter).run("--help");
                }
                outWriter.print(USAGE_TEXT);
                outWriter.flush();
                return OK;
            case "-V":
            case "--version":
                outWriter.println(ScannerVersion.NAME + " " + ScannerVersion.version());
                return OK;
            default:
                errWriter.println("imagescan: unknown command '" + args[0] + "'");
                errWriter.print(USAGE_TEXT);
                errWriter.flush();
                return USAGE;
        }
    }
}
