package dev.imagescan.cli;

import java.util.Map;

/**
 * Whether standard output is a terminal that should get colours: a console is attached (standard input and output
 * are terminals, as {@link System#console()} decides), {@code NO_COLOR} is unset or empty (https://no-color.org),
 * and {@code TERM} is not {@code dumb}. Output to a pipe or a file never gets them.
 */
final class Terminal {
    private Terminal() {}

    /**
     * Whether to show progress lines on standard error: on a console (the JDK cannot tell standard error apart, so
     * standard input and output must be terminals too) whose {@code TERM} is not {@code dumb}, and not in CI.
     */
    static boolean progressWanted(Map<String, String> env) {
        return System.console() != null && !"dumb".equals(env.get("TERM")) && env.get("CI") == null;
    }

    static boolean coloursWanted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        return System.console() != null;
    }
}
