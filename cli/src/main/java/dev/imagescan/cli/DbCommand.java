package dev.imagescan.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;

/** {@code imagescan db build|info}: the vulnerability database commands. */
final class DbCommand {
    static final String USAGE_TEXT = """
            Usage: imagescan db COMMAND [OPTIONS]
            Builds and describes vulnerability databases (docs/vulndb-format.md).

            Commands:
              build --from SOURCE... -o DB   compile OSV records into a database (imagescan db build --help)
              info DB                        describe a database (imagescan db info --help)
            """;

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;

    DbCommand(OutputStream stdout, PrintWriter out, PrintWriter err) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
    }

    int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            err.flush();
            return ImageScanCli.USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "build":
                return new DbBuildCommand(stdout, out, err).run(rest);
            case "info":
                return new DbInfoCommand(stdout, out, err, Clock.systemUTC()).run(rest);
            case "-h":
            case "--help":
            case "help":
                out.print(USAGE_TEXT);
                out.flush();
                return ImageScanCli.OK;
            default:
                err.println("imagescan db: unknown command '" + args[0] + "'");
                err.print(USAGE_TEXT);
                err.flush();
                return ImageScanCli.USAGE;
        }
    }
}
