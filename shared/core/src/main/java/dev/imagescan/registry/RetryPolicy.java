package dev.imagescan.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to ask a registry again: on 429 (too many requests) and 500, 502, 503, 504, and on connection failures, up to
 * {@code maxAttempts} tries in all. The wait before a retry is the server's {@code Retry-After} (seconds or an HTTP
 * date) when it sends one, else an exponential backoff with jitter from {@code baseDelay}; never more than
 * {@code maxDelay}.
 *
 * @param maxAttempts tries in all, at least 1
 * @param baseDelay   the first backoff; doubled on each retry
 * @param maxDelay    the longest single wait, Retry-After included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** Five tries, from half a second, at most 30 s apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("a retry policy needs at least one attempt and non-negative delays");
        }
    }

    /** Whether an answer with {@code status} is worth asking again for. */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** The wait before retry number {@code retry} (1 = the first retry), given the server's Retry-After or null. */
    Duration delay(int retry, String retryAfter, Instant now) {
        Duration asked = retryAfter(retryAfter, now);
        Duration wait;
        if (asked != null) {
            wait = asked;
        } else {
            long base = baseDelay.toMillis() << Math.min(20, retry - 1);
            wait = Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    /** Retry-After as a wait: delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
