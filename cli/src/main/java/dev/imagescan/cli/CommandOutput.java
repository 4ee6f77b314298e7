package dev.imagescan.cli;

import dev.imagescan.common.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** What the {@code db} commands print the same way: option lists, one-line errors, usage errors. */
final class CommandOutput {
    private CommandOutput() {}

    /** One line per option: names, argument, description. */
    static void printOptions(PrintWriter out, Options options) {
        out.println("Options:");
        for (Option o : options.getOptions()) {
            String names = (o.getOpt() == null ? "    " : "-" + o.getOpt() + ", ") + "--" + o.getLongOpt()
                    + (o.hasArg() ? " " + o.getArgName() : "");
            out.printf("  %-34s %s%n", names, o.getDescription());
        }
    }

    /** {@code imagescan: error: MESSAGE}, the stack trace with {@code --debug}; returns the failure status. */
    static int fail(PrintWriter err, String message, Throwable e, boolean debug) {
        err.println("imagescan: error: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ImageScanCli.SCAN_FAILED;
    }

    /**
     * A failure of any kind as one line: bad input by its own message, I/O problems by what they are, anything else as
     * an internal error.
     */
    static int fail(PrintWriter err, Exception e, boolean debug) {
        if (e instanceof BadInputException b) {
            return fail(err, b.getMessage(), e, debug);
        }
        if (e instanceof UncheckedIOException u) {
            return fail(err, describe(u.getCause()), e, debug);
        }
        if (e instanceof IOException io) {
            return fail(err, describe(io), e, debug);
        }
        return fail(err, "internal error: " + e + (debug ? "" : " (run with --debug for details)"), e, debug);
    }

    /** {@code imagescan COMMAND: MESSAGE} and where the usage is; returns the usage status. */
    static int usageError(PrintWriter err, String command, String message) {
        err.println("imagescan " + command + ": " + message);
        err.println("Run 'imagescan " + command + " --help' for usage.");
        err.flush();
        return ImageScanCli.USAGE;
    }

    /** An I/O failure in words: file system exceptions carry only the path as their message. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "no such file or directory" : f.getReason());
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
