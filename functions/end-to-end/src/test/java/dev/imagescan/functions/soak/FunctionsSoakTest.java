package dev.imagescan.functions.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fault soak at 50 jobs (bench/soak.sh runs 1,000): every check of {@link SoakChecks} holds under injected S3,
 * DynamoDB and SQS faults, killed invocations, lost deletes, duplicates and poisoned inputs.
 */
class FunctionsSoakTest {
    @Test
    void fiftyJobsUnderFaultsEndWithEveryImageScannedOncePerDatabaseAndOnlyThePoisonDeadLettered() throws Exception {
        FunctionsSoak.Result result = FunctionsSoak.run(SoakSettings.forJobs(50));

        result.figures().forEach(System.out::println);
        assertThat(result.problems()).isEmpty();
        assertThat(String.join("\n", result.figures()))
                .contains("jobs lost: 0")
                .containsPattern("invocations killed mid-scan: [1-9]")
                .containsPattern("S3: \\d+ calls forwarded, [1-9]\\d* faults")
                .containsPattern("DYNAMODB: \\d+ calls forwarded, [1-9]\\d* faults");
    }
}
