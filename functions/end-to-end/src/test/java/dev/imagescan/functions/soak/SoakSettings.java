package dev.imagescan.functions.soak;

import java.time.Duration;

/**
 * What a soak run does: how many jobs, the fraction of S3, DynamoDB and SQS calls failed, the seed of every random
 * choice, the scan pollers, the claim lease and the delay after which a message not deleted comes back (the test's
 * visibility timeout, longer than the lease so that a killed attempt's claim has ended when its message returns),
 * the fraction of deletes lost, and how many invocations are killed.
 *
 * @param killEvery kill the invocation at every {@code killEvery}-th write of a scan's results ({@link KillPoints})
 */
record SoakSettings(int jobs, double faultRate, long seed, int scanWorkers, Duration lease, Duration redelivery,
        double lostDeletes, int killEvery, int maxKills) {

    SoakSettings {
        if (redelivery.compareTo(lease) <= 0) {
            throw new IllegalArgumentException("the re-delivery delay must be longer than the lease");
        }
    }

    /** The defaults for {@code jobs} jobs: 5 % faults, 3 % deletes lost, a kill every ~2 N / kills writes. */
    static SoakSettings forJobs(int jobs) {
        int kills = Math.max(3, jobs / 80);
        return new SoakSettings(jobs, 0.05, 20261206L, 3, Duration.ofSeconds(8), Duration.ofSeconds(9), 0.03,
                Math.max(5, 2 * jobs / kills), kills);
    }

    SoakSettings withFaultRate(double rate) {
        return new SoakSettings(jobs, rate, seed, scanWorkers, lease, redelivery, lostDeletes, killEvery, maxKills);
    }

    SoakSettings withSeed(long newSeed) {
        return new SoakSettings(jobs, faultRate, newSeed, scanWorkers, lease, redelivery, lostDeletes, killEvery,
                maxKills);
    }
}
