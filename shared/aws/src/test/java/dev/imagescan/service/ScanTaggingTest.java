package dev.imagescan.service;

import dev.imagescan.scan.ScanOptions;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.LocalClients;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.testing.aws.S3MockServer;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pushed archive scanned end to end by {@link ScanService} ends up tagged with its verdict: the objects on Adobe
 * S3Mock ({@link S3MockServer}), which implements tagging, the table and policies on {@link LocalAws}.
 */
class ScanTaggingTest {
    @Test
    void thePushedArchiveCarriesTheVerdictOfTheDefaultPolicy() throws Exception {
        LocalAws aws = LocalAws.get();
        S3MockServer s3Mock = S3MockServer.get();
        ObjectStore store = new S3ObjectStore(s3Mock.s3(), s3Mock.createBucket());
        ScanTable table = new DynamoScanTable(aws.dynamoDb(), LocalClients.createTable(aws));
        Clock clock = Clock.systemUTC();
        VerdictService verdicts = new VerdictService(store, table.images(),
                new PolicyService(new S3PolicyStore(store, aws.dynamoDb(), LocalClients.createTable(aws), clock),
                        Duration.ZERO,
                        clock), clock);
        VulnDatabase database = BundledDatabase.load();
        ScanService scanner = new ScanService(store, table, () -> database, ScanOptions.defaults(),
                new ObjectStoreLayerCache(store, table.layers(), clock), clock, Duration.ofMinutes(15), verdicts,
                CompletionQueue.NONE);
        String key = "incoming/alpine.tar";
        String etag = store.put(key, Files.readAllBytes(Corpus.image("alpine-3.20.3.oci.tar")),
                PutOptions.BINARY.withTags(Map.of("team", "platform")));

        JobOutcome outcome = scanner.scanPushed(key, etag, new Delivery(1, 5));

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(JobOutcome.Status.DONE);
        ImageRecord image = table.images().get(outcome.imageDigest()).orElseThrow();
        assertThat(image.sourceKey()).isEqualTo(key);
        assertThat(image.verdict()).as("alpine 3.20.3 has fixable critical findings in the bundled database")
                .isEqualTo("BLOCKED");
        assertThat(store.tags(key)).isEqualTo(Map.of("team", "platform", VerdictService.TAG, "BLOCKED"));
    }
}
