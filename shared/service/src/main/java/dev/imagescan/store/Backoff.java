package dev.imagescan.store;

import java.util.concurrent.ThreadLocalRandom;

/** A short random pause after a lost race, growing with the attempt, so contenders spread out. */
final class Backoff {
    private static final int MAX_SHIFT = 6;

    private Backoff() {}

    /** Sleeps 0 to 2^min(attempt, 6) ms. */
    static void pause(int attempt) {
        int bound = 1 << Math.min(attempt, MAX_SHIFT);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a conditional write", e);
        }
    }
}
