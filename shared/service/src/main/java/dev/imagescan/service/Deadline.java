package dev.imagescan.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When one scan attempt must have stopped: the invocation's end less a margin to record the outcome (fail the scan,
 * release the claim). The scan checks it between steps and on every read of the archive's bytes
 * ({@link DeadlineSource}), and stops with {@link DeadlineExceededException} once it has passed.
 */
final class Deadline {
    /** No deadline: the scan runs as long as it takes (tests, the CLI-like callers). */
    static final Deadline NONE = new Deadline(Instant.MAX, Clock.systemUTC());

    private final Instant end;
    private final Clock clock;

    Deadline(Instant end, Clock clock) {
        this.end = end;
        this.clock = clock;
    }

    /** The moment the work must have stopped by. */
    Instant end() {
        return end;
    }

    /** Whether this is a real deadline. */
    boolean isSet() {
        return !end.equals(Instant.MAX);
    }

    /** The time left, zero once passed. */
    Duration remaining() {
        if (!isSet()) {
            return Duration.ofSeconds(Long.MAX_VALUE);
        }
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether the deadline has passed. */
    boolean passed() {
        return isSet() && !clock.instant().isBefore(end);
    }

    /**
     * Stops the work if the deadline has passed.
     *
     * @param step what was about to be done, for the message
     * @throws DeadlineExceededException when it has
     */
    void check(String step) {
        if (passed()) {
            throw new DeadlineExceededException("the scan ran out of time before " + step + " (deadline " + end + ")");
        }
    }

    /** The scan ran out of its time in the invocation. */
    static final class DeadlineExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlineExceededException(String message) {
            super(message);
        }
    }
}
