package dev.imagescan.cli;

import dev.imagescan.ScannerVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imagescan}: the scanning library on a laptop. */
@Command(name = "imagescan",
        mixinStandardHelpOptions = true,
        versionProvider = ImageScanCli.Version.class,
        description = "Inventories container images: OS, installed packages, the layer that brought each one.",
        subcommands = {ScanCommand.class, CommandLine.HelpCommand.class})
public final class ImageScanCli {

    /** Exit status: the scan ran and its output was written. */
    public static final int OK = 0;
    /** Exit status: the input could not be scanned (not an image, corrupt, over a limit) or output failed. */
    public static final int SCAN_FAILED = 1;
    /** Exit status: the command line was wrong. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI with the process's standard streams; returns the exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ImageScanCli());
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ScannerVersion.NAME + " " + ScannerVersion.version()};
        }
    }
}
