package dev.imagescan.functions.soak;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One handler invocation run on a thread of its own, which the soak can kill as Lambda kills an invocation: from a
 * {@link KillPoints} point the invocation is declared dead and its thread is parked for good (abandoned, never
 * resumed), so nothing after that point runs, no {@code catch} or {@code finally} of the handler included, and
 * whatever it held (a claim) stays held until its lease ends.
 */
final class Invocation<T> {
    private static final ThreadLocal<Invocation<?>> CURRENT = new ThreadLocal<>();

    /** How an invocation ended. */
    enum End { RETURNED, THREW, KILLED }

    private final CompletableFuture<End> end = new CompletableFuture<>();
    private volatile T result;
    private volatile Throwable thrown;

    /** Runs {@code body} on a thread of {@code executor} as a new invocation. */
    static <T> Invocation<T> start(java.util.concurrent.Executor executor, java.util.function.Supplier<T> body) {
        Invocation<T> invocation = new Invocation<>();
        executor.execute(() -> {
            CURRENT.set(invocation);
            try {
                invocation.result = body.get();
                invocation.end.complete(End.RETURNED);
            } catch (Throwable t) {
                invocation.thrown = t;
                invocation.end.complete(End.THREW);
            } finally {
                CURRENT.remove();
            }
        });
        return invocation;
    }

    /** Whether this thread runs an invocation. */
    static boolean running() {
        return CURRENT.get() != null;
    }

    /**
     * Kills the invocation running on this thread, if any: it is reported KILLED and this thread never returns.
     * Outside an invocation this does nothing.
     */
    static void killCurrent() {
        Invocation<?> current = CURRENT.get();
        if (current == null) {
            return;
        }
        current.end.complete(End.KILLED);
        while (true) {
            LockSupport.park(current); // abandoned: the thread stays parked until the JVM exits
        }
    }

    /** Waits for the end, at most {@code seconds}; a hang past that is reported as KILLED (Lambda's timeout). */
    End await(long seconds) throws InterruptedException {
        try {
            return end.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return End.THREW;
        } catch (TimeoutException e) {
            end.complete(End.KILLED);
            return End.KILLED;
        }
    }

    T result() {
        return result;
    }

    Throwable thrown() {
        return thrown;
    }
}
