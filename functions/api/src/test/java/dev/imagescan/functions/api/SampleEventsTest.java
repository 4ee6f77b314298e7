package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.service.Delivery;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The repository's events/api-*.json samples, read the way the Lambda Java runtime reads them, through a handler
 * wired as the function's no-argument constructor wires it (over the local servers' clients).
 */
class SampleEventsTest {
    private static final String ALPINE = "alpine-3.20.3.oci.tar";

    private final LocalStack stack = new LocalStack();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ApiHandler handler = new ApiHandler(ApiHandler.routes(stack.context(),
            PresignedLinks.of(stack.settings(), stack.bucket()), Clock.systemUTC()),
            new ResponseLimit(ResponseLimit.LAMBDA), new PrintStream(log, true, StandardCharsets.UTF_8), System.err);

    @Test
    void theSampleEventsQueueAScanJudgeTheImageAndStoreAPolicy() throws IOException {
        stack.context().store().put("incoming/alpine-3.20.3.oci.tar", Files.readAllBytes(Corpus.image(ALPINE)),
                PutOptions.BINARY);

        APIGatewayV2HTTPResponse verdictBefore = handler.handleRequest(event("api-get-verdict.json"), null);
        assertThat(verdictBefore.getStatusCode()).as("not scanned yet").isEqualTo(404);

        APIGatewayV2HTTPResponse posted = handler.handleRequest(event("api-post-scans.json"), null);
        assertThat(posted.getStatusCode()).as(posted.getBody()).isEqualTo(202);
        String body = stack.aws().sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl()).waitTimeSeconds(5))
                .messages().get(0).body();
        ScanJob job = ScanJob.fromJson(body);
        ApiFixture.scanService(stack.context(), BundledDatabase::load, Clock.systemUTC()).run(job, new Delivery(1, 3));
        assertThat(stack.context().table().scans().get(job.scanId()).orElseThrow().status())
                .isEqualTo(ScanStatus.DONE);

        APIGatewayV2HTTPResponse verdict = handler.handleRequest(event("api-get-verdict.json"), null);
        assertThat(verdict.getStatusCode()).as(verdict.getBody()).isEqualTo(200);
        assertThat(verdict.getHeaders().get("X-Imagescan-Verdict")).isIn("ALLOWED", "BLOCKED");
        assertThat(verdict.getBody()).contains("\"policyVersion\" : \"default\"");

        APIGatewayV2HTTPResponse put = handler.handleRequest(event("api-put-policy.json"), null);
        assertThat(put.getStatusCode()).as(put.getBody()).isEqualTo(200);
        assertThat(put.getHeaders().get("ETag")).isEqualTo("\"1\"");
        APIGatewayV2HTTPResponse again = handler.handleRequest(event("api-put-policy.json"), null);
        assertThat(again.getStatusCode()).as("the same request again (a retry) changes nothing").isEqualTo(200);
        assertThat(again.getHeaders().get("ETag")).isEqualTo("\"1\"");
        APIGatewayV2HTTPEvent changed = event("api-put-policy.json");
        changed.setBody(changed.getBody().replace("2026-11-27", "2026-11-28"));
        assertThat(handler.handleRequest(changed, null).getStatusCode()).as("If-Match \"0\" is stale now")
                .isEqualTo(412);

        APIGatewayV2HTTPResponse judged = handler.handleRequest(event("api-get-verdict.json"), null);
        assertThat(judged.getBody()).contains("\"policyVersion\" : \"2026-11-27\"");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("\"caller\":\"arn:aws:sts::123456789012:assumed-role/imagescan-ci/ci-pipeline\"")
                .contains("\"requestId\":\"JKJaXmPLvHcESHA=\"");
    }

    private static APIGatewayV2HTTPEvent event(String name) throws IOException {
        try (InputStream in = Files.newInputStream(events().resolve(name))) {
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                    SampleEventsTest.class.getClassLoader()).fromJson(in);
        }
    }

    /** The repository's events/ directory (what {@code sam local invoke -e} uses). */
    private static Path events() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
    }
}
