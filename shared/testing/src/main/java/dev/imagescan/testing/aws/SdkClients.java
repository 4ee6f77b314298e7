package dev.imagescan.testing.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients the test servers' own set-up uses (buckets, tables, queues, buses): built here with the SDK alone,
 * so this module needs none of the project's adapters. Code under test builds its clients its own way
 * ({@code AwsClients}) from {@link LocalAws#environment()} or the endpoint getters.
 */
final class SdkClients {
    private SdkClients() {}

    static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    static S3Client s3(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return S3Client.builder().region(Region.of(region)).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(credentials).httpClientBuilder(http()).build();
    }

    static DynamoDbClient dynamoDb(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder().region(Region.of(region)).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClientBuilder(http()).build();
    }

    static SqsClient sqs(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return SqsClient.builder().region(Region.of(region)).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClientBuilder(http()).build();
    }

    static EventBridgeClient eventBridge(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return EventBridgeClient.builder().region(Region.of(region)).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClientBuilder(http()).build();
    }

    private static ApacheHttpClient.Builder http() {
        return ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60));
    }
}
