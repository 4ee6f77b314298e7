package dev.imagescan.testing.aws;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs in a child JVM in front of a server's own main class: {@code java -cp server.jar:<this> ExitWithParent
 * MAIN ARGS…}. It starts MAIN with ARGS and halts the JVM when its standard input closes, which happens when the
 * parent (the test JVM, which holds the other end of the pipe) exits in any way, a kill included.
 */
public final class ExitWithParent {
    private ExitWithParent() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ExitWithParent MAIN-CLASS [ARGS…]");
        }
        Thread watchdog = new Thread(ExitWithParent::haltAtEndOfInput, "exit-with-parent");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void haltAtEndOfInput() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // the parent never writes; reading only waits for the end
            }
        } catch (IOException e) {
            // a broken pipe is the end too
        }
        Runtime.getRuntime().halt(0);
    }
}
