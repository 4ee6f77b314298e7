package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.service.Delivery;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code POST /scans} and {@code GET /scans/{id}} against the local servers. */
class ScanRoutesTest {
    private final ApiFixture api = new ApiFixture();

    @Test
    void postingAnUploadedArchiveQueuesAManualScanAndItsJob() {
        api.upload("incoming/app1.tar", 1);

        ApiFixture.Response r = api.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\"}");

        assertThat(r.status()).isEqualTo(202);
        String id = r.json().get("scanId").asText();
        assertThat(r.json().get("status").asText()).isEqualTo("QUEUED");
        assertThat(r.json().get("links").get("self").asText()).isEqualTo("/scans/" + id);
        assertThat(r.header("Location")).isEqualTo("/scans/" + id);
        ScanRecord scan = api.context.table().scans().get(id).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.QUEUED);
        assertThat(scan.trigger()).isEqualTo(ScanTrigger.MANUAL);
        assertThat(scan.objectKey()).isEqualTo("incoming/app1.tar");
        ScanJob job = ScanJob.fromJson(onlyMessage().body());
        assertThat(job).isEqualTo(new ScanJob(id, null, "incoming/app1.tar", ScanTrigger.MANUAL, 1));
        assertThat(api.log.toString(StandardCharsets.UTF_8)).contains("\"status\":202")
                .contains("\"caller\":\"" + ApiFixture.CALLER + "\"");
    }

    @Test
    void postingAKnownDigestQueuesARematchAndTheScanCanBeFollowedToDone() {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.postJson("/scans", "{\"imageDigest\":\"" + digest + "\"}");

        assertThat(r.status()).isEqualTo(202);
        String id = r.json().get("scanId").asText();
        ScanJob job = ScanJob.fromJson(onlyMessage().body());
        assertThat(job.imageDigest()).isEqualTo(digest);
        assertThat(job.objectKey()).isNull();
        JsonNode queued = api.get("/scans/" + id).json();
        assertThat(queued.get("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.get("trigger").asText()).isEqualTo("MANUAL");
        assertThat(queued.get("attempts").asInt()).isZero();
        assertThat(queued.get("result").isNull()).isTrue();

        ApiFixture.scanService(api.context, () -> ApiFixture.DB,
                Clock.fixed(ApiFixture.NOW.plusSeconds(60), ZoneOffset.UTC)).run(job, new Delivery(1, 3));

        ApiFixture.Response done = api.get("/scans/" + id);
        assertThat(done.status()).isEqualTo(200);
        JsonNode body = done.json();
        assertThat(body.get("status").asText()).isEqualTo("DONE");
        assertThat(body.get("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(body.get("startedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(body.get("createdAt").asText()));
        assertThat(Instant.parse(body.get("finishedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(body.get("startedAt").asText()));
        assertThat(body.get("error").isNull()).isTrue();
        JsonNode result = body.get("result");
        assertThat(result.get("imageDigest").asText()).isEqualTo(digest);
        assertThat(result.get("dbVersion").asText()).isEqualTo(ApiFixture.DB.info().digest());
        // SKIPPED: the first scan's claim covers this (image, database, analyzers), so the image keeps pointing there
        assertThat(result.get("latest").asBoolean()).isFalse();
        assertThat(result.get("counts").isNull()).isTrue();
        assertThat(body.get("links").get("image").asText()).isEqualTo("/images/" + digest);
    }

    @Test
    void aDoneScanThatIsTheImagesLatestCarriesItsCounts() {
        String digest = api.scanApp(1);
        String scanId = api.context.table().images().get(digest).orElseThrow().lastScanId();

        JsonNode result = api.get("/scans/" + scanId).json().get("result");

        assertThat(result.get("latest").asBoolean()).isTrue();
        assertThat(result.get("counts").get("Medium").asInt()).isEqualTo(1);
        assertThat(result.get("counts").get("High").asInt()).isEqualTo(1);
        assertThat(result.get("counts").get("total").asInt()).isEqualTo(2);
    }

    @Test
    void badScanRequestsAreClientErrorsAndCreateNothing() {
        api.upload("incoming/app1.tar", 1);
        String unknown = "sha256:" + "a".repeat(64);

        assertError(api.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\",\"imageDigest\":\"" + unknown
                + "\"}"), 400, "exactly one of objectKey");
        assertError(api.postJson("/scans", "{}"), 400, "exactly one of objectKey");
        assertError(api.postJson("/scans", "{\"objectKey\":null}"), 400, "exactly one of objectKey");
        assertError(api.postJson("/scans", "{\"objectKey\":\"layers/x.tar\"}"), 400, "under incoming/");
        assertError(api.postJson("/scans", "{\"objectKey\":\"incoming/\"}"), 400, "under incoming/");
        assertError(api.postJson("/scans", "{\"objectKey\":\"incoming/missing.tar\"}"), 404,
                "no object incoming/missing.tar");
        assertError(api.postJson("/scans", "{\"imageDigest\":\"sha256:abc\"}"), 400, "sha256:<64 hex>");
        assertError(api.postJson("/scans", "{\"imageDigest\":\"" + unknown + "\"}"), 404, "is not known");
        assertError(api.postJson("/scans", "{\"objectKey\":42}"), 400, "must be a string");
        assertError(api.postJson("/scans", "{\"objectkey\":\"incoming/app1.tar\"}"), 400, "unknown field 'objectkey'");
        assertError(api.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\""), 400, "not valid JSON");
        assertError(api.postJson("/scans", "[\"incoming/app1.tar\"]"), 400, "a JSON object");
        assertError(api.postJson("/scans", ""), 400, "needs a JSON body");
        assertError(api.call("POST", "/scans").header("content-type", "text/plain")
                .body("{\"objectKey\":\"incoming/app1.tar\"}").send(), 415, "application/json");
        assertError(api.call("POST", "/scans").body("{\"objectKey\":\"incoming/app1.tar\"}").send(), 415,
                "application/json");
        assertError(api.postJson("/scans", "{\"objectKey\":\"incoming/" + "x".repeat(ApiHandler.MAX_REQUEST_BYTES)
                + "\"}"), 413, "over the 1048576 bytes");

        assertThat(api.stack.aws().sqs().receiveMessage(b -> b.queueUrl(api.stack.queueUrl())
                .waitTimeSeconds(1)).messages()).as("no job sent").isEmpty();
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        api.upload("incoming/app1.tar", 1);

        ApiFixture.Response r = api.call("POST", "/scans").header("content-type", "application/json; charset=utf-8")
                .base64("{\"objectKey\":\"incoming/app1.tar\"}".getBytes(StandardCharsets.UTF_8)).send();

        assertThat(r.status()).isEqualTo(202);
        assertThat(ScanJob.fromJson(onlyMessage().body()).objectKey()).isEqualTo("incoming/app1.tar");
        assertError(api.call("POST", "/scans").header("content-type", "application/json").body("not base64!")
                .base64Flag().send(), 400, "not base64");
    }

    @Test
    void unknownAndMalformedScanIds() {
        assertError(api.get("/scans/no-such-scan"), 404, "no scan no-such-scan");
        assertError(api.get("/scans/bad%20id"), 400, "scan id must be");
        assertError(api.get("/scans/%zz"), 400, "malformed %-escape");
    }

    @Test
    void aJobThatCannotBeSentFailsItsScanAndAnswers503() {
        ApiFixture broken = new ApiFixture(c -> {
            FunctionSettings s = c.settings();
            return FunctionContext.of(new FunctionSettings(s.bucket(), s.table(), s.queueUrl() + "-deleted",
                    s.maxReceives(), s.dbCheckSeconds(), s.completedQueueUrl()), api.stack.settings());
        });
        broken.upload("incoming/app1.tar", 1);

        ApiFixture.Response r = broken.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\"}");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).isEqualTo("unavailable");
        Matcher m = Pattern.compile("scan (\\S+) is FAILED").matcher(r.message());
        assertThat(m.find()).as(r.message()).isTrue();
        ScanRecord scan = broken.context.table().scans().get(m.group(1)).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.error()).startsWith("the scan job could not be queued");
    }

    @Test
    void postingAnImageOfAnAllowedRegistryQueuesAScanThatReadsItFromThere() {
        api.allowRegistries("123456789012.dkr.ecr.eu-west-1.amazonaws.com, docker.io");
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2";

        ApiFixture.Response r = api.postJson("/scans", "{\"image\":\"" + image + "\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("scanId").asText();
        Message message = onlyMessage();
        assertThat(ScanJob.fromJson(message.body()))
                .isEqualTo(new ScanJob(id, null, null, ScanTrigger.MANUAL, 1, image));
        api.stack.aws().sqs().deleteMessage(b -> b.queueUrl(api.stack.queueUrl())
                .receiptHandle(message.receiptHandle()));
        assertThat(api.context.table().scans().get(id).orElseThrow().image()).isEqualTo(image);
        assertThat(api.get("/scans/" + id).json().get("image").asText()).isEqualTo(image);

        // a short name is Docker Hub's, written in full in the job
        ApiFixture.Response hub = api.postJson("/scans", "{\"image\":\"alpine:3.20\"}");
        assertThat(hub.status()).as(hub.body()).isEqualTo(202);
        assertThat(ScanJob.fromJson(onlyMessage().body()).image()).isEqualTo("docker.io/library/alpine:3.20");
    }

    @Test
    void imagesOfRegistriesTheAllowListRefusesAreNotQueued() {
        api.allowRegistries("registry.example.com");
        assertError(api.postJson("/scans", "{\"image\":\"127.0.0.1:5000/app:1\"}"), 403,
                "registry 127.0.0.1:5000 is not in the allow-list (registry.example.com)");
        // any public registry: the addresses a name resolves to decide
        api.allowRegistries("*");
        assertError(api.postJson("/scans", "{\"image\":\"127.0.0.1:5000/app:1\"}"), 403, "a loopback address");
        assertError(api.postJson("/scans", "{\"image\":\"169.254.169.254/latest/meta-data:1\"}"), 403,
                "169.254.169.254, a link-local address");
        assertError(api.postJson("/scans", "{\"image\":\"10.1.2.3:5000/app:1\"}"), 403,
                "10.1.2.3, a private address");
        assertError(api.postJson("/scans", "{\"image\":\"localhost:5000/app:1\"}"), 403,
                "localhost:5000 resolves to 127.0.0.1, a loopback address");
        // not a reference, or two things at once
        assertError(api.postJson("/scans", "{\"image\":\"Registry.example.com/UPPER:1\"}"), 400,
                "is not an image reference");
        assertError(api.postJson("/scans", "{\"image\":\"registry.example.com/app:1\",\"objectKey\":"
                + "\"incoming/a.tar\"}"), 400, "give exactly one of");
        List<Message> messages = api.stack.aws().sqs().receiveMessage(b -> b.queueUrl(api.stack.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(messages).as("no job queued").isEmpty();
    }

    private Message onlyMessage() {
        List<Message> messages = api.stack.aws().sqs().receiveMessage(b -> b.queueUrl(api.stack.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(5)).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    static void assertError(ApiFixture.Response r, int status, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.error()).isNotBlank();
        assertThat(r.message()).contains(messagePart);
    }
}
