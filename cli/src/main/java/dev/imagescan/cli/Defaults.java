package dev.imagescan.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * Option values from where users set them, in this order (docs/cli.md#configuration): the command line, then the
 * environment variable {@code IMAGESCAN_<OPTION>} (the long name upper case, {@code -} as {@code _}:
 * {@code --db-url} is {@code IMAGESCAN_DB_URL}), then the config file's key of the option's long name
 * ({@code db-url: https://…}), then the built-in default.
 */
final class Defaults {
    /** No environment, no config file: the command line alone. */
    static final Defaults NONE = new Defaults(Map.of(), Map.of());

    private final Map<String, String> env;
    private final Map<String, String> config;

    /**
     * @param env    the environment ({@code System.getenv()})
     * @param config the config file's settings, by option long name
     */
    Defaults(Map<String, String> env, Map<String, String> config) {
        this.env = Map.copyOf(env);
        this.config = Map.copyOf(config);
    }

    /** The environment variable that mirrors {@code option}. */
    static String variable(Option option) {
        return "IMAGESCAN_" + option.getLongOpt().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The value of {@code option}, or null when nothing sets it. */
    String value(CommandLine line, Option option) {
        if (line.hasOption(option)) {
            return line.getOptionValue(option);
        }
        String fromEnv = env.get(variable(option));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return config.get(option.getLongOpt());
    }

    /**
     * Where the value of {@code option} comes from, as a precedence: 3 the command line, 2 the environment, 1 the
     * config file, 0 nowhere. Options that exclude each other are decided by it.
     */
    int level(CommandLine line, Option option) {
        if (line.hasOption(option)) {
            return 3;
        }
        String fromEnv = env.get(variable(option));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return 2;
        }
        return config.containsKey(option.getLongOpt()) ? 1 : 0;
    }

    /**
     * The values of a repeatable {@code option}: every one the command line gives, else the comma-separated values
     * of its environment variable, else those of its config-file key (a YAML list); empty when nothing sets it. A
     * level that sets it replaces the lower ones, it does not add to them.
     */
    List<String> values(CommandLine line, Option option) {
        if (line.hasOption(option)) {
            return List.of(line.getOptionValues(option));
        }
        String value = value(line, option);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** The value of {@code option}, or {@code fallback}. */
    String value(CommandLine line, Option option, String fallback) {
        String v = value(line, option);
        return v == null ? fallback : v;
    }

    /** Whether a flag {@code option} is set: on the command line, or {@code true}/{@code 1}/{@code yes} elsewhere. */
    boolean flag(CommandLine line, Option option) {
        if (line.hasOption(option)) {
            return true;
        }
        String v = value(line, option);
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException(variable(option) + " / " + option.getLongOpt()
                    + ": '" + v + "' is not true or false");
        };
    }

    /** The environment this was made with. */
    Map<String, String> env() {
        return env;
    }
}
