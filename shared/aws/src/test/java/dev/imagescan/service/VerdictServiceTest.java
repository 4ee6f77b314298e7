package dev.imagescan.service;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.UnsupportedFeatureException;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.LocalClients;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.testing.CapturedLog;
import dev.imagescan.testing.aws.LocalAws;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@link VerdictService} over real S3 and DynamoDB APIs: where a verdict is kept. */
class VerdictServiceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private final LocalAws aws = LocalAws.get();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private ObjectStore store;
    private ScanTable table;
    private VerdictService verdicts;

    @BeforeEach
    void resources() {
        store = new S3ObjectStore(aws.s3(), aws.createBucket());
        table = new DynamoScanTable(aws.dynamoDb(), LocalClients.createTable(aws));
        PolicyService policies = new PolicyService(new S3PolicyStore(store, aws.dynamoDb(), LocalClients.createTable(aws), clock),
                Duration.ZERO, clock);
        verdicts = new VerdictService(store, table.images(), policies, clock);
    }

    private Verdict allowed() {
        return PolicyEvaluator.evaluate(Policy.defaults(), List.of(), clock);
    }

    @Test
    void theRecordKeepsTheDecisionAndSaysWhatItHadBefore() {
        table.images().save(ImageRecord.of(DIGEST));
        Verdict verdict = allowed();

        VerdictService.Judgement first = verdicts.record(DIGEST, verdict);
        assertThat(first.previousVerdict()).isNull();
        assertThat(first.decisionChanged()).as("a first verdict").isTrue();
        ImageRecord image = table.images().get(DIGEST).orElseThrow();
        assertThat(image.verdict()).isEqualTo("ALLOWED");
        assertThat(image.policyVersion()).isEqualTo(Policy.DEFAULT_VERSION);

        VerdictService.Judgement again = verdicts.compare(DIGEST, verdict);
        assertThat(again.previousVerdict()).isEqualTo("ALLOWED");
        assertThat(again.decisionChanged()).isFalse();
        assertThat(again.recordChanged()).isFalse();
    }

    @Test
    void theVerdictJsonIsStoredUnderTheImage() throws Exception {
        verdicts.putVerdict(DIGEST, allowed());
        try (InputStream in = store.get(StoreKeys.imageVerdict(DIGEST))) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"decision\" : \"ALLOWED\"")
                    .contains("\"evaluatedAt\" : \"2026-11-27T12:00:00Z\"");
        }
    }

    @Test
    void theSourceArchiveIsTaggedKeepingItsOtherTagsWhereTheBucketCanTag() {
        String key = "incoming/app.tar";
        if (aws.supportsObjectTagging()) {
            store.put(key, new byte[] {1}, PutOptions.BINARY.withTags(Map.of("team", "payments")));
        } else {
            store.put(key, new byte[] {1}, PutOptions.BINARY);
        }

        verdicts.tagSource(key, allowed());

        if (aws.supportsObjectTagging()) {
            assertThat(store.tags(key)).containsEntry("team", "payments").containsEntry(VerdictService.TAG, "ALLOWED");
        } else {
            // the bucket refuses tagging: the verdict is still kept elsewhere, the scan goes on
            assertThatThrownBy(() -> store.tags(key)).isInstanceOf(UnsupportedFeatureException.class);
        }
    }

    @Test
    void aBucketThatCannotTagIsReportedOnceAndTheRestGoesOn() {
        assumeFalse(aws.supportsObjectTagging(), "only where the bucket refuses tagging (S3Proxy)");
        store.put("incoming/a.tar", new byte[] {1}, PutOptions.BINARY);
        store.put("incoming/b.tar", new byte[] {2}, PutOptions.BINARY);

        try (CapturedLog log = CapturedLog.of(VerdictService.class)) {
            verdicts.tagSource("incoming/a.tar", allowed());
            verdicts.tagSource("incoming/b.tar", "BLOCKED");

            assertThat(log.warnings()).singleElement().asString().contains("cannot tag objects");
        }
        assertThat(store.head("incoming/b.tar")).as("the archive is untouched").isPresent();
    }

    @Test
    void anArchiveThatIsGoneOrNoneIsNotAnError() {
        verdicts.tagSource("incoming/deleted.tar", allowed());
        verdicts.tagSource(null, allowed());
        assertThat(store.head("incoming/deleted.tar")).isEmpty();
    }
}
