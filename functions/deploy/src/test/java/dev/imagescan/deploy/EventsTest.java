package dev.imagescan.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.functions.common.ScanRequest;
import dev.imagescan.functions.common.ScanRequests;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample events in events/ (for {@code sam local invoke -e}) read the way the Lambda Java runtime reads an
 * event for a handler that takes the typed event (aws-lambda-java-serialization's serializers for
 * aws-lambda-java-events types), and their bodies are what the scan function will find in real deliveries.
 */
class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Repository.root().resolve("events");
    private static final String S3_EVENT = "sqs-s3-object-created.json";
    private static final String S3_TEST_EVENT = "sqs-s3-test-event.json";
    private static final String SCAN_JOB = "sqs-scan-job.json";
    private static final String SCAN_COMPLETED = "sqs-scan-completed.json";
    private static final String ECR_PUSH = "sqs-ecr-image-push.json";
    private static final String SCHEDULE = "schedule.json";
    private static final String SCHEDULE_DBUPDATE = "schedule-dbupdate.json";
    private static final String API_POST_SCANS = "api-post-scans.json";
    private static final String API_GET_VERDICT = "api-get-verdict.json";
    private static final String API_PUT_POLICY = "api-put-policy.json";
    private static final String HARBOR_METADATA = "harbor-get-metadata.json";
    private static final String HARBOR_SCAN = "harbor-post-scan.json";
    private static final List<String> ALL = List.of(S3_EVENT, S3_TEST_EVENT, SCAN_JOB, SCAN_COMPLETED, ECR_PUSH,
            SCHEDULE, SCHEDULE_DBUPDATE, API_POST_SCANS, API_GET_VERDICT, API_PUT_POLICY, HARBOR_METADATA,
            HARBOR_SCAN);

    @Test
    void everyEventFileIsCheckedHere() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            Set<String> json = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toSet());
            assertThat(json).containsExactlyInAnyOrderElementsOf(ALL);
        }
        String readme = Files.readString(EVENTS.resolve("README.md"));
        for (String file : ALL) {
            assertThat(readme).contains("sam local invoke", "-e events/" + file);
        }
    }

    @Test
    void s3ObjectCreatedArrivesThroughTheQueue() throws IOException {
        SQSEvent.SQSMessage message = onlyMessage(S3_EVENT);
        S3Event notification = read(S3Event.class, message.getBody());
        assertThat(notification.getRecords()).hasSize(1);
        S3EventNotificationRecord record = notification.getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getEventTime()).isNotNull();
        assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("incoming/alpine-3.20.3.oci.tar");
        assertThat(StoreKeys.isIncoming(record.getS3().getObject().getUrlDecodedKey())).isTrue();
        assertThat(record.getS3().getObject().getKey()).startsWith(StoreKeys.INCOMING);
        // the committed test image, so a local invoke against a bucket holding it finds what the event says
        Path image = Corpus.image("alpine-3.20.3.oci.tar");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(Files.size(image));
        assertThat(record.getS3().getObject().geteTag()).isEqualTo(md5(Files.readAllBytes(image)));
        String bucket = record.getS3().getBucket().getName();
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(bucket).matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        assertThat(message.getEventSourceArn()).startsWith("arn:aws:sqs:" + record.getAwsRegion() + ":");
    }

    @Test
    void s3TestEventArrivesThroughTheQueue() throws IOException {
        SQSEvent.SQSMessage message = onlyMessage(S3_TEST_EVENT);
        JsonNode body = JSON.readTree(message.getBody());
        assertThat(body.path("Service").asText()).isEqualTo("Amazon S3");
        assertThat(body.path("Event").asText()).isEqualTo("s3:TestEvent");
        assertThat(body.path("Bucket").asText()).isEqualTo(
                read(S3Event.class, onlyMessage(S3_EVENT).getBody()).getRecords().get(0).getS3().getBucket()
                        .getName());
        assertThat(body.has("Records")).isFalse();
        // read as an S3 event it has no records: a handler must tell it apart, not fail on it
        assertThat(read(S3Event.class, message.getBody()).getRecords()).isNullOrEmpty();
    }

    @Test
    void scanJobBodyIsScanJobJson() {
        SQSEvent.SQSMessage message = onlyMessage(SCAN_JOB);
        ScanJob job = new ScanJob("0d2c5b7e9f1a4c3e8b6d2f0a1c3e5b7d",
                "sha256:f463b88c1f197b82d69cce473ab865055b86aad39a672b3f86ac4d199488b410", null,
                ScanTrigger.PERIODIC, 1);
        assertThat(message.getBody()).isEqualTo(job.toJson());
        assertThat(ScanJob.fromJson(message.getBody())).isEqualTo(job);
    }

    @Test
    void ecrPushBodyIsTheEventBridgeEventOfThatImage() throws IOException {
        SQSEvent.SQSMessage message = onlyMessage(ECR_PUSH);
        JsonNode body = JSON.readTree(message.getBody());
        assertThat(body.path("source").asText()).isEqualTo("aws.ecr");
        assertThat(body.path("detail-type").asText()).isEqualTo("ECR Image Action");
        assertThat(body.path("detail").path("action-type").asText()).isEqualTo("PUSH");
        assertThat(body.path("detail").path("result").asText()).isEqualTo("SUCCESS");
        assertThat(ScanRequests.parse(message.getBody())).isEqualTo(new ScanRequest.ImagePushed(
                body.path("id").asText(), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/alpine:3.20.3"
                        + "@sha256:f463b88c1f197b82d69cce473ab865055b86aad39a672b3f86ac4d199488b410"));
        // the committed test image's manifest digest, so pushing that image makes the event true
        assertThat(body.path("detail").path("image-digest").asText())
                .isEqualTo(ScanJob.fromJson(onlyMessage(SCAN_JOB).getBody()).imageDigest());
    }

    @Test
    void scanCompletedBodyIsScanCompletedJsonOfThatImage() {
        SQSEvent.SQSMessage message = onlyMessage(SCAN_COMPLETED);
        ScanCompleted completed = ScanCompleted.fromJson(message.getBody());
        assertThat(completed.toJson()).isEqualTo(message.getBody());
        assertThat(completed.kind()).isEqualTo(ScanCompleted.Kind.SCANNED);
        assertThat(completed.imageDigest()).isEqualTo(ScanJob.fromJson(onlyMessage(SCAN_JOB).getBody()).imageDigest());
        assertThat(completed.reportKey()).isEqualTo(StoreKeys.imageReport(completed.imageDigest(),
                completed.dbVersion()));
        assertThat(completed.verdictChanged()).isTrue();
    }

    @Test
    void sqsEventsLookLikeLambdaDeliveries() {
        for (String file : List.of(S3_EVENT, S3_TEST_EVENT, SCAN_JOB, SCAN_COMPLETED, ECR_PUSH)) {
            SQSEvent.SQSMessage message = onlyMessage(file);
            assertThat(message.getEventSource()).as(file).isEqualTo("aws:sqs");
            assertThat(message.getMessageId()).as(file).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                    + "[0-9a-f]{12}");
            assertThat(message.getReceiptHandle()).as(file).isNotBlank();
            assertThat(message.getMd5OfBody()).as(file + ": md5OfBody")
                    .isEqualTo(md5(message.getBody().getBytes(StandardCharsets.UTF_8)));
            assertThat(message.getAttributes()).as(file).containsKeys("ApproximateReceiveCount", "SentTimestamp",
                    "SenderId", "ApproximateFirstReceiveTimestamp");
            assertThat(Integer.parseInt(message.getAttributes().get("ApproximateReceiveCount"))).isPositive();
            assertThat(message.getMessageAttributes()).as(file).isEmpty();
            assertThat(message.getEventSourceArn()).as(file).matches("arn:aws:sqs:[a-z0-9-]+:[0-9]{12}:.+");
        }
    }

    @Test
    void schedulesAreEventBridgeScheduledEvents() throws IOException {
        for (String file : List.of(SCHEDULE, SCHEDULE_DBUPDATE)) {
            ScheduledEvent event = read(ScheduledEvent.class, Files.readString(EVENTS.resolve(file)));
            assertThat(event.getDetailType()).as(file).isEqualTo("Scheduled Event");
            assertThat(event.getSource()).as(file).isEqualTo("aws.events");
            assertThat(event.getTime()).as(file).isNotNull();
            assertThat(event.getAccount()).as(file).matches("[0-9]{12}");
            assertThat(event.getResources()).as(file).singleElement().asString()
                    .startsWith("arn:aws:events:" + event.getRegion() + ":" + event.getAccount() + ":rule/");
            assertThat(event.getDetail()).as(file).isEmpty();
        }
        // each names the rule SAM makes for its function's Schedule event (<stack>-<Function><Event>-<suffix>)
        assertThat(read(ScheduledEvent.class, Files.readString(EVENTS.resolve(SCHEDULE_DBUPDATE))).getResources()
                .get(0)).contains(":rule/imagescan-DbUpdateFunctionPeriodic-");
        assertThat(read(ScheduledEvent.class, Files.readString(EVENTS.resolve(SCHEDULE))).getResources().get(0))
                .contains(":rule/imagescan-EnumerateFunctionPeriodic-");
    }

    @Test
    void apiEventsAreHttpApiPayloadsOfVersion2WithAnIamCaller() throws IOException {
        for (String file : List.of(API_POST_SCANS, API_GET_VERDICT, API_PUT_POLICY)) {
            APIGatewayV2HTTPEvent event = read(APIGatewayV2HTTPEvent.class, Files.readString(EVENTS.resolve(file)));
            assertThat(event.getVersion()).as(file).isEqualTo("2.0");
            assertThat(event.getRouteKey()).as(file)
                    .isEqualTo(event.getRequestContext().getHttp().getMethod() + " " + routeOf(event.getRawPath()));
            assertThat(event.getRequestContext().getAuthorizer().getIam().getUserArn()).as(file)
                    .startsWith("arn:aws:sts::" + event.getRequestContext().getAccountId() + ":assumed-role/");
            assertThat(event.getRequestContext().getHttp().getPath()).as(file).isEqualTo(event.getRawPath());
        }
        APIGatewayV2HTTPEvent put = read(APIGatewayV2HTTPEvent.class, Files.readString(EVENTS.resolve(API_PUT_POLICY)));
        assertThat(JSON.readTree(put.getBody()).get("version").asText()).isNotEmpty();
        assertThat(put.getHeaders()).containsEntry("content-type", "application/json").containsKey("if-match");
    }

    @Test
    void harborEventsAreHttpApiPayloadsWithHarborsCredentialAndScanRequest() throws IOException {
        for (String file : List.of(HARBOR_METADATA, HARBOR_SCAN)) {
            APIGatewayV2HTTPEvent event = read(APIGatewayV2HTTPEvent.class, Files.readString(EVENTS.resolve(file)));
            assertThat(event.getVersion()).as(file).isEqualTo("2.0");
            assertThat(event.getRouteKey()).as(file)
                    .isEqualTo(event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath());
            assertThat(event.getRequestContext().getAuthorizer()).as(file + ": no gateway authorizer").isNull();
            assertThat(event.getHeaders().get("authorization")).as(file).startsWith("Bearer ");
        }
        APIGatewayV2HTTPEvent scan = read(APIGatewayV2HTTPEvent.class, Files.readString(EVENTS.resolve(HARBOR_SCAN)));
        JsonNode body = JSON.readTree(scan.getBody());
        assertThat(body.at("/registry/url").asText()).isEqualTo("https://harbor.example.com");
        assertThat(body.at("/registry/authorization").asText()).startsWith("Basic ");
        assertThat(body.at("/artifact/digest").asText()).startsWith("sha256:");
    }

    /** The route key's path of a raw path: {@code /images/sha256%3A…/verdict} is {@code /images/{digest}/verdict}. */
    private static String routeOf(String rawPath) {
        return rawPath.replaceAll("^/images/[^/]+", "/images/{digest}");
    }

    private static SQSEvent.SQSMessage onlyMessage(String file) {
        try {
            SQSEvent event = read(SQSEvent.class, Files.readString(EVENTS.resolve(file)));
            assertThat(event.getRecords()).as(file).hasSize(1);
            return event.getRecords().get(0);
        } catch (IOException e) {
            throw new AssertionError(file, e);
        }
    }

    /** {@code json} read as the Java runtime reads an event for a handler taking {@code type}. */
    private static <T> T read(Class<T> type, String json) {
        PojoSerializer<T> serializer = LambdaEventSerializers.serializerFor(type, EventsTest.class.getClassLoader());
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return serializer.fromJson(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
