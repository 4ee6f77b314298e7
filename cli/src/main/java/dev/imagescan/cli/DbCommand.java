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
              update                         fetch the published database into the cache (--db-url URL)
              export FILE                    copy the cached database to FILE
              import FILE                    check FILE and install it as the cached database
            """;

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;

    private final Defaults defaults;

    DbCommand(OutputStream stdout, PrintWriter out, PrintWriter err) {
        this(stdout, out, err, Defaults.NONE);
    }

    /** @param defaults option values from the environment and the config file */
    DbCommand(OutputStream stdout, PrintWriter out, PrintWriter err, Defaults defaults) {
        this.stdout = stdout;
        this.out = out;
        this.err = err;
        this.defaults = defaults;
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
            case "update":
            case "export":
            case "import":
                return new DbCacheCommand(args[0], stdout, out, err, defaults, Clock.systemUTC()).run(rest);
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
