package dev.imagescan.store.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the adapters take, from settings read once (in a Lambda function: at init, and the clients
 * kept for the container's life). Each client has its own Apache HTTP client ({@code apache-client}), closed with
 * it. (Not {@code url-connection-client}: its HttpURLConnection failed a few percent of PUTs to S3Proxy mid-body,
 * which the SDK then retried; see docs/storage.md.)
 *
 * <p>Environment variables read by {@link #fromEnvironment}:
 * <ul>
 * <li>{@code AWS_REGION} (set by Lambda), else {@code AWS_DEFAULT_REGION}; required;
 * <li>{@code IMAGESCAN_AWS_ENDPOINT}: one endpoint for every service (LocalStack), optional;
 * <li>{@code IMAGESCAN_S3_ENDPOINT}, {@code IMAGESCAN_DYNAMODB_ENDPOINT}, {@code IMAGESCAN_SQS_ENDPOINT},
 *     {@code IMAGESCAN_EVENTS_ENDPOINT} (EventBridge): one service's endpoint, over the shared one, optional;
 * <li>{@code IMAGESCAN_S3_PATH_STYLE}: {@code true} for path-style bucket addressing; by default true exactly when
 *     S3's endpoint is overridden.
 * </ul>
 * Credentials come from the SDK's default chain unless {@link #withCredentials} says otherwise.
 *
 * @param s3Endpoint       null for AWS's own endpoint
 * @param dynamoDbEndpoint null for AWS's own endpoint
 * @param sqsEndpoint      null for AWS's own endpoint
 * @param eventsEndpoint   EventBridge's; null for AWS's own endpoint
 * @param credentials      null for the SDK's default chain
 */
public record AwsClients(Region region, URI s3Endpoint, URI dynamoDbEndpoint, URI sqsEndpoint, URI eventsEndpoint,
        boolean s3PathStyle, AwsCredentialsProvider credentials) {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    public AwsClients {
        Objects.requireNonNull(region, "region");
    }

    /** Settings with AWS's own EventBridge endpoint. */
    public AwsClients(Region region, URI s3Endpoint, URI dynamoDbEndpoint, URI sqsEndpoint, boolean s3PathStyle,
            AwsCredentialsProvider credentials) {
        this(region, s3Endpoint, dynamoDbEndpoint, sqsEndpoint, null, s3PathStyle, credentials);
    }

    /** AWS's own endpoints in {@code region}, default credentials. */
    public static AwsClients of(String region) {
        return new AwsClients(Region.of(region), null, null, null, null, false, null);
    }

    /** Settings from environment variables (see the class comment); a missing region is an IAE. */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (region == null) {
            throw new IllegalArgumentException("AWS_REGION (or AWS_DEFAULT_REGION) is not set");
        }
        String shared = blankToNull(env.get("IMAGESCAN_AWS_ENDPOINT"));
        URI s3 = uri("IMAGESCAN_S3_ENDPOINT", firstNonBlank(env.get("IMAGESCAN_S3_ENDPOINT"), shared));
        URI dynamo = uri("IMAGESCAN_DYNAMODB_ENDPOINT", firstNonBlank(env.get("IMAGESCAN_DYNAMODB_ENDPOINT"), shared));
        URI sqs = uri("IMAGESCAN_SQS_ENDPOINT", firstNonBlank(env.get("IMAGESCAN_SQS_ENDPOINT"), shared));
        URI events = uri("IMAGESCAN_EVENTS_ENDPOINT", firstNonBlank(env.get("IMAGESCAN_EVENTS_ENDPOINT"), shared));
        String pathStyle = blankToNull(env.get("IMAGESCAN_S3_PATH_STYLE"));
        boolean path = pathStyle == null ? s3 != null : Boolean.parseBoolean(pathStyle);
        return new AwsClients(Region.of(region), s3, dynamo, sqs, events, path, null);
    }

    /** These settings with every service at {@code endpoint} and path-style S3 (a LocalStack or test server). */
    public AwsClients withEndpoint(URI endpoint) {
        return new AwsClients(region, endpoint, endpoint, endpoint, endpoint, true, credentials);
    }

    /** These settings with one endpoint per service (null: AWS's own) and path-style S3. */
    public AwsClients withEndpoints(URI s3, URI dynamoDb, URI sqs) {
        return new AwsClients(region, s3, dynamoDb, sqs, eventsEndpoint, true, credentials);
    }

    /** These settings with {@code credentials} instead of the default chain. */
    public AwsClients withCredentials(AwsCredentialsProvider credentials) {
        return new AwsClients(region, s3Endpoint, dynamoDbEndpoint, sqsEndpoint, eventsEndpoint, s3PathStyle,
                credentials);
    }

    /** These settings with EventBridge at {@code endpoint} (null: AWS's own). */
    public AwsClients withEventsEndpoint(URI endpoint) {
        return new AwsClients(region, s3Endpoint, dynamoDbEndpoint, sqsEndpoint, endpoint, s3PathStyle, credentials);
    }

    /** A new S3 client (with the SDK's default integrity checksums, which S3Proxy and LocalStack understand). */
    public S3Client s3() {
        var builder = S3Client.builder()
                .region(region)
                .httpClient(httpClient())
                .credentialsProvider(credentialsProvider())
                .forcePathStyle(s3PathStyle);
        if (s3Endpoint != null) {
            builder.endpointOverride(s3Endpoint);
        }
        return builder.build();
    }

    /**
     * A new S3 presigner with the S3 client's region, credentials, endpoint and bucket addressing (path style exactly
     * when {@link #s3()} uses it), so a URL it signs names the object the client would read. Building it sends no
     * request (credentials are resolved when a URL is signed); signing is local, without a network call.
     */
    public S3Presigner s3Presigner() {
        var builder = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentialsProvider())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3PathStyle).build());
        if (s3Endpoint != null) {
            builder.endpointOverride(s3Endpoint);
        }
        return builder.build();
    }

    /** A new DynamoDB client. */
    public DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder()
                .region(region)
                .httpClient(httpClient())
                .credentialsProvider(credentialsProvider());
        if (dynamoDbEndpoint != null) {
            builder.endpointOverride(dynamoDbEndpoint);
        }
        return builder.build();
    }

    /** A new SQS client. */
    public SqsClient sqs() {
        var builder = SqsClient.builder()
                .region(region)
                .httpClient(httpClient())
                .credentialsProvider(credentialsProvider());
        if (sqsEndpoint != null) {
            builder.endpointOverride(sqsEndpoint);
        }
        return builder.build();
    }

    /** A new EventBridge client. */
    public EventBridgeClient eventBridge() {
        var builder = EventBridgeClient.builder()
                .region(region)
                .httpClient(httpClient())
                .credentialsProvider(credentialsProvider());
        if (eventsEndpoint != null) {
            builder.endpointOverride(eventsEndpoint);
        }
        return builder.build();
    }

    /**
     * A new ECR client for {@code region} (an ECR registry's host names its region, and its tokens are per region),
     * at {@code endpoint} (null: AWS's own; {@code IMAGESCAN_ECR_ENDPOINT} in tests).
     */
    public EcrClient ecr(Region region, URI endpoint) {
        var builder = EcrClient.builder()
                .region(region)
                .httpClient(httpClient())
                .credentialsProvider(credentialsProvider());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The ECR endpoint override in {@code env} ({@code IMAGESCAN_ECR_ENDPOINT}), null for AWS's own. */
    public static URI ecrEndpoint(Map<String, String> env) {
        return uri("IMAGESCAN_ECR_ENDPOINT", blankToNull(env.get("IMAGESCAN_ECR_ENDPOINT")));
    }

    private AwsCredentialsProvider credentialsProvider() {
        return credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    }

    private static SdkHttpClient httpClient() {
        return ApacheHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    private static URI uri(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an absolute http(s) URL, not '" + value + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, not '" + value + "'", e);
        }
    }

    private static String firstNonBlank(String a, String b) {
        String first = blankToNull(a);
        return first != null ? first : blankToNull(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
