package dev.imagescan.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The precision the table keeps, as the DynamoDB adapter stores it: times in epoch milliseconds, time-to-live
 * ({@code expiresAt}) in epoch seconds. Records read from the in-memory table carry the same truncated values.
 */
final class Times {
    private Times() {}

    /** The clock's time, to the millisecond. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code from} + {@code retention}, to the second: a TTL. */
    static Instant expiry(Instant from, Duration retention) {
        return Instant.ofEpochSecond(from.plus(retention).getEpochSecond());
    }

    /** Whether an item with this TTL is gone at {@code now}: its expiry is earlier (none: never). */
    static boolean expired(Instant expiresAt, Instant now) {
        return expiresAt != null && expiresAt.isBefore(now);
    }
}
