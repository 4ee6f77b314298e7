package dev.imagescan.cli;

import dev.imagescan.ScannerVersion;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    private final OutputStream stdout;

    ImageScanCli(OutputStream stdout) {
        this.stdout = stdout;
    }

    /** Where reports go when no output file is given. */
    OutputStream stdout() {
        return stdout;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI with the given standard streams; returns the exit status. */
    public static int run(OutputStream out, OutputStream err, String... args) {
        CommandLine cli = new CommandLine(new ImageScanCli(out));
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ScannerVersion.NAME + " " + ScannerVersion.version()};
        }
    }
}
