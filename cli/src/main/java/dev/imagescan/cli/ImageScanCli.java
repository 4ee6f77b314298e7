package dev.imagescan.cli;

import dev.imagescan.common.BadInputException;
import dev.imagescan.common.ScannerVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.Options;

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
              scan IMAGE   report the vulnerabilities of an image's packages (imagescan scan --help)
              db build     compile OSV records into a vulnerability database (imagescan db build --help)
              db info DB   describe a vulnerability database (imagescan db info --help)
              db update    fetch the published database into the cache; db export FILE, db import FILE
              version      scanner, analyzer and database versions (--format json)
              completion   bash or zsh completion script: source <(imagescan completion bash)

            Options:
              -h, --help       show this help
              -V, --version    show the version
              --config FILE    settings file (default: imagescan.yaml in the working directory; docs/cli.md)
            """;

    private ImageScanCli() {}

    /** Every command with its options: for completion, and the keys a config file may set. */
    static Map<String, Options> commandOptions() {
        Map<String, Options> commands = new LinkedHashMap<>();
        commands.put("scan", ScanCommand.OPTIONS);
        commands.put("db build", DbBuildCommand.OPTIONS);
        commands.put("db info", DbInfoCommand.OPTIONS);
        for (String mode : List.of("update", "export", "import")) {
            commands.put("db " + mode, DbCacheCommand.options(mode));
        }
        return commands;
    }

    /**
     * The config file's settings: {@code --config FILE} (taken out of {@code args}), else {@code IMAGESCAN_CONFIG},
     * else {@code imagescan.yaml} in the working directory when it exists; none otherwise.
     */
    private static Map<String, String> config(List<String> args, Map<String, String> env) throws IOException {
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config") && i + 1 < args.size()) {
                file = args.get(i + 1);
                args.subList(i, i + 2).clear();
                break;
            }
            if (args.get(i).startsWith("--config=")) {
                file = args.remove(i).substring("--config=".length());
                break;
            }
        }
        if (file == null && env.get("IMAGESCAN_CONFIG") != null && !env.get("IMAGESCAN_CONFIG").isEmpty()) {
            file = env.get("IMAGESCAN_CONFIG");
        }
        if (file == null) {
            if (!Files.isRegularFile(Path.of(ConfigFile.DEFAULT_NAME))) {
                return Map.of();
            }
            file = ConfigFile.DEFAULT_NAME;
        }
        Set<String> known = new HashSet<>();
        ScanCommand.OPTIONS.getOptions().forEach(opt -> known.add(opt.getLongOpt()));
        DatabaseOptions.ALL.forEach(opt -> known.add(opt.getLongOpt()));
        known.add(DbCacheCommand.FROM_FEEDS.getLongOpt());
        known.removeAll(Set.of("help", "output", "sbom", "username", "password-stdin"));
        return ConfigFile.read(Path.of(file), file, known);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI with the given standard streams; returns the exit status. */
    public static int run(OutputStream out, OutputStream err, String... args) {
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        List<String> all = new ArrayList<>(List.of(args));
        Defaults defaults;
        try {
            defaults = new Defaults(System.getenv(), config(all, System.getenv()));
        } catch (BadInputException e) {
            errWriter.println("imagescan: error: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            errWriter.println("imagescan: error: " + CommandOutput.describe(e));
            return USAGE;
        }
        if (all.isEmpty()) {
            errWriter.print(USAGE_TEXT);
            errWriter.flush();
            return USAGE;
        }
        args = all.toArray(String[]::new);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "scan":
                return new ScanCommand(out, outWriter, errWriter, defaults).run(rest);
            case "db":
                return new DbCommand(out, outWriter, errWriter, defaults).run(rest);
            case "version":
                return new VersionCommand(out, outWriter, errWriter, defaults, Clock.systemUTC()).run(rest);
            case "completion":
                return new CompletionCommand(outWriter, errWriter, commandOptions()).run(rest);
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
