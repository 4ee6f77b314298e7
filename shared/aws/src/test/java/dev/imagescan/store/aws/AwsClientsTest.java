package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.testing.aws.LocalAws;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

class AwsClientsTest {

    @Test
    void readsItsSettingsFromTheEnvironment() {
        AwsClients plain = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(plain).isEqualTo(new AwsClients(Region.EU_WEST_1, null, null, null, false, null));
        assertThat(plain.eventsEndpoint()).isNull();

        AwsClients shared = AwsClients.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-east-2",
                "IMAGESCAN_AWS_ENDPOINT", "http://127.0.0.1:4566", "IMAGESCAN_SQS_ENDPOINT", "http://127.0.0.1:9324"));
        assertThat(shared.region()).isEqualTo(Region.US_EAST_2);
        assertThat(shared.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(shared.dynamoDbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(shared.sqsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9324"));
        assertThat(shared.eventsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "IMAGESCAN_EVENTS_ENDPOINT",
                "http://127.0.0.1:4010")).eventsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4010"));
        assertThat(shared.s3PathStyle()).as("path style with an S3 endpoint").isTrue();

        assertThat(AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "IMAGESCAN_S3_ENDPOINT",
                "http://s3.local", "IMAGESCAN_S3_PATH_STYLE", "false")).s3PathStyle()).isFalse();

        assertThatThrownBy(() -> AwsClients.fromEnvironment(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "IMAGESCAN_DYNAMODB_ENDPOINT", "not a url"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IMAGESCAN_DYNAMODB_ENDPOINT");
    }

    @Test
    void thePresignerAddressesTheBucketAsTheClientDoes() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        AwsClients aws = AwsClients.of("eu-west-1").withCredentials(credentials);
        AwsClients local = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "IMAGESCAN_S3_ENDPOINT",
                "http://127.0.0.1:9000")).withCredentials(credentials);
        AwsClients hosted = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "IMAGESCAN_S3_ENDPOINT",
                "https://s3.example.com", "IMAGESCAN_S3_PATH_STYLE", "false")).withCredentials(credentials);

        assertThat(presignedUrl(aws)).startsWith("https://bucket-1.s3.eu-west-1.amazonaws.com/reports/a%3Ab.json?");
        assertThat(presignedUrl(local)).startsWith("http://127.0.0.1:9000/bucket-1/reports/a%3Ab.json?")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F").contains("%2Feu-west-1%2Fs3%2Faws4_request");
        assertThat(presignedUrl(hosted)).startsWith("https://bucket-1.s3.example.com/reports/a%3Ab.json?");
    }

    private static String presignedUrl(AwsClients settings) {
        try (var presigner = settings.s3Presigner()) {
            return presigner.presignGetObject(p -> p.signatureDuration(java.time.Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("bucket-1").key("reports/a:b.json"))).url().toString();
        }
    }

    @Test
    void clientsBuiltFromTheEnvironmentReachTheServers() {
        LocalAws aws = LocalAws.get();
        Map<String, String> env = aws.environment();
        AwsClients settings = AwsClients.fromEnvironment(env).withCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))));
        String bucket = aws.createBucket();
        String table = LocalClients.createTable(aws);
        String queue = aws.createQueue();
        String bus = aws.createEventBus();
        try (S3Client s3 = settings.s3(); DynamoDbClient dynamo = settings.dynamoDb(); SqsClient sqs = settings.sqs();
                var events = settings.eventBridge()) {
            assertThat(events.putEvents(b -> b.entries(e -> e.eventBusName(bus).source("imagescan.test")
                    .detailType("Test Event").detail("{}"))).failedEntryCount()).isZero();
            assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));
            assertThat(dynamo.listTables().tableNames()).contains(table);
            assertThat(sqs.listQueues().queueUrls()).contains(queue);
        }
    }
}
