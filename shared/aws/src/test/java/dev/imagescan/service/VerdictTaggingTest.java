package dev.imagescan.service;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.LocalClients;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.testing.CapturedLog;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.testing.aws.S3MockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VerdictService#tagSource} where the bucket can tag: the objects on Adobe S3Mock ({@link S3MockServer}), the
 * table and policies on {@link LocalAws}. {@code VerdictServiceTest} has the bucket that cannot (S3Proxy).
 */
class VerdictTaggingTest {
    private static final String KEY = "incoming/app.tar";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private CapturedLog log;
    private ObjectStore store;
    private VerdictService verdicts;

    @BeforeEach
    void resources() {
        LocalAws aws = LocalAws.get();
        S3MockServer s3Mock = S3MockServer.get();
        store = new S3ObjectStore(s3Mock.s3(), s3Mock.createBucket());
        ScanTable table = new DynamoScanTable(aws.dynamoDb(), LocalClients.createTable(aws));
        PolicyService policies = new PolicyService(new S3PolicyStore(store, aws.dynamoDb(), LocalClients.createTable(aws), clock),
                Duration.ZERO, clock);
        verdicts = new VerdictService(store, table.images(), policies, clock);
        log = CapturedLog.of(VerdictService.class);
    }

    @AfterEach
    void logging() {
        log.close();
    }

    private Verdict allowed() {
        return PolicyEvaluator.evaluate(Policy.defaults(), List.of(), clock);
    }

    @Test
    void theArchiveKeepsItsOtherTagsAndGainsTheVerdict() {
        store.put(KEY, new byte[] {1}, PutOptions.BINARY.withTags(Map.of("team", "payments", "stage", "incoming")));

        verdicts.tagSource(KEY, allowed());

        assertThat(store.tags(KEY)).isEqualTo(Map.of("team", "payments", "stage", "incoming",
                VerdictService.TAG, "ALLOWED"));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aLaterVerdictReplacesTheValue() {
        store.put(KEY, new byte[] {1}, PutOptions.BINARY.withTags(Map.of("team", "payments")));
        verdicts.tagSource(KEY, allowed());

        verdicts.tagSource(KEY, "BLOCKED");
        assertThat(store.tags(KEY)).isEqualTo(Map.of("team", "payments", VerdictService.TAG, "BLOCKED"));

        verdicts.tagSource(KEY, "BLOCKED");
        assertThat(store.tags(KEY)).as("the same decision again changes nothing")
                .isEqualTo(Map.of("team", "payments", VerdictService.TAG, "BLOCKED"));
    }

    @Test
    void anArchiveWithTenOtherTagsIsLeftAsItIsWithAWarning() {
        Map<String, String> ten = new LinkedHashMap<>();
        for (int i = 0; i < ObjectStore.MAX_TAGS; i++) {
            ten.put("owner-tag-" + i, "v" + i);
        }
        store.put(KEY, new byte[] {1}, PutOptions.BINARY.withTags(ten));

        verdicts.tagSource(KEY, allowed());

        assertThat(store.tags(KEY)).as("none of the owner's tags is dropped for ours").isEqualTo(ten);
        assertThat(warnings()).singleElement().asString().contains(KEY).contains("already has 10 tags")
                .contains(VerdictService.TAG + "=ALLOWED");
    }

    @Test
    void anArchiveWithTenTagsOneOfThemTheVerdictIsUpdated() {
        Map<String, String> ten = new LinkedHashMap<>();
        for (int i = 0; i < ObjectStore.MAX_TAGS - 1; i++) {
            ten.put("owner-tag-" + i, "v" + i);
        }
        ten.put(VerdictService.TAG, "BLOCKED");
        store.put(KEY, new byte[] {1}, PutOptions.BINARY.withTags(ten));

        verdicts.tagSource(KEY, allowed());

        assertThat(store.tags(KEY)).hasSize(ObjectStore.MAX_TAGS).containsEntry(VerdictService.TAG, "ALLOWED");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aDeletedArchiveIsNotAnError() {
        store.put(KEY, new byte[] {1}, PutOptions.BINARY);
        store.delete(KEY);

        verdicts.tagSource(KEY, allowed());

        assertThat(store.head(KEY)).as("not brought back by tagging").isEmpty();
        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return log.warnings();
    }
}
