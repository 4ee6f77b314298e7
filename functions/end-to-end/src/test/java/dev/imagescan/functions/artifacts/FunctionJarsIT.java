package dev.imagescan.functions.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Each function's shaded jar ({@code functions/<name>/target/<name>.jar}, what SAM deploys) run as Lambda runs it:
 * in a child JVM with the function's environment, loaded by {@link HandlerDriver} in a class loader that holds that
 * jar alone, its handler instantiated by name and invoked with events deserialized by the Lambda runtime's own
 * serializer. Every {@code events/} sample goes to the function it targets, against the local servers, end to end: a
 * push through the scan jar, its completion message through the publish jar (all four report formats written), the
 * api jar serving each format. A class a jar lacks (a dependency whose scope kept it out) fails here. One child JVM
 * per jar; run by maven-failsafe-plugin after the function modules are packaged.
 */
class FunctionJarsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = root();
    private static final Path EVENTS = ROOT.resolve("events");
    private static final String IMAGE_KEY = "incoming/alpine-3.20.3.oci.tar";
    /** The committed alpine image, which the sample events name. */
    private static final String DIGEST = "sha256:f463b88c1f197b82d69cce473ab865055b86aad39a672b3f86ac4d199488b410";
    private static final List<Function> STARTED = new ArrayList<>();

    @AfterAll
    static void stop() {
        STARTED.forEach(Function::close);
    }

    @Test
    void pushScanPublishServeThenTheScheduleAndTheDatabaseUpdate() throws Exception {
        LocalStack stack = new LocalStack();
        String completions = stack.aws().createQueue();
        String bus = stack.aws().createEventBus();
        Map<String, String> env = new LinkedHashMap<>(stack.environment());
        env.put("IMAGESCAN_COMPLETED_QUEUE_URL", completions);
        env.put("IMAGESCAN_EVENT_BUS", bus);
        ObjectStore store = stack.context().store();
        try (FeedServer feeds = new FeedServer()) {
            feeds.serve("/Alpine/all.zip", OsvFeeds.zip(OsvFeeds.snapshot("alpine")));
            env.put("IMAGESCAN_FEEDS", feeds.url("/Alpine/all.zip"));
            env.put("IMAGESCAN_ALLOW_HTTP_FEEDS", "true"); // the feed server is plain http on loopback
            // all six start (and initialise) side by side; each is then driven in turn
            Function scan = start("scan", "dev.imagescan.functions.scan.ScanHandler", env);
            Function publish = start("publish", "dev.imagescan.functions.publish.PublishHandler", env);
            Function api = start("api", "dev.imagescan.functions.api.ApiHandler", env);
            Function enumerate = start("enumerate", "dev.imagescan.functions.enumerate.EnumerateHandler", env);
            Function dbupdate = start("dbupdate", "dev.imagescan.functions.dbupdate.DbUpdateHandler", env);
            Map<String, String> harborEnv = new LinkedHashMap<>(env);
            harborEnv.put("IMAGESCAN_HARBOR_SECRET", "exampleHarborAdapterSecret0123456789abcdef");
            harborEnv.put("IMAGESCAN_HARBOR_REGISTRIES", "harbor.example.com");
            Function harbor = start("harbor", "dev.imagescan.functions.harbor.HarborHandler", harborEnv);
            store.put(IMAGE_KEY, Files.readAllBytes(Corpus.image("alpine-3.20.3.oci.tar")), PutOptions.BINARY);

            // scan: the push notification, S3's test event, a periodic job of the same image, and an ECR push (its
            // registry is not in IMAGESCAN_REGISTRIES here: failed with the reason, never contacted)
            for (String event : List.of("sqs-s3-object-created.json", "sqs-s3-test-event.json", "sqs-scan-job.json",
                    "sqs-ecr-image-push.json")) {
                assertThat(scan.invoke(event(event)).get("batchItemFailures")).as(scan.log(event)).isEmpty();
            }
            List<Message> done = receiveAll(stack, completions);
            assertThat(done).as(scan.log("completion messages")).hasSize(1);
            assertThat(scan.log("")).contains("\"kind\":\"s3-object-created\",\"status\":\"DONE\"")
                    .contains("\"kind\":\"s3-test-event\",\"status\":\"SKIPPED\"")
                    .contains("\"kind\":\"job\",\"status\":\"SKIPPED\"")
                    .containsPattern("\"kind\":\"ecr-image-push\",\"status\":\"FAILED\"[^\n]*registry "
                            + "123456789012.dkr.ecr.eu-west-1.amazonaws.com is not in the allow-list");

            // publish: what the scan function announced, then the sample completion message
            assertThat(publish.invoke(sqsEvent(done)).get("batchItemFailures")).as(publish.log("completions"))
                    .isEmpty();
            // the sample names a report of another database version: a permanent failure, not redelivered
            assertThat(publish.invoke(event("sqs-scan-completed.json")).get("batchItemFailures"))
                    .as(publish.log("sample completion")).isEmpty();
            assertThat(publish.log("")).containsPattern("\"messageId\":\"9e4f2a61-[^\n]*\"status\":\"FAILED\""
                    + "[^\n]*report-sha256:24730fe1[^\n]* does not exist");
            for (String file : List.of("report.json", "report.sarif", "report.cdx.json", "report.html")) {
                assertThat(store.head(StoreKeys.latestReport(DIGEST, file))).as(file).isPresent();
            }
            assertThat(stack.aws().events(bus)).as("events on the bus").isNotEmpty();

            // api: each report format as published, the verdict, a scan on demand, the first policy
            Map<String, String> types = Map.of("json", "application/json", "sarif", "application/sarif+json",
                    "cyclonedx", "application/vnd.cyclonedx+json; version=1.5", "html", "text/html; charset=utf-8");
            for (Map.Entry<String, String> format : types.entrySet()) {
                JsonNode response = api.invoke(reportRequest(format.getKey()));
                assertThat(response.get("statusCode").asInt()).as(api.log(format.getKey())).isEqualTo(200);
                assertThat(header(response, "content-type")).isEqualTo(format.getValue());
                assertThat(header(response, "x-imagescan-report-source")).isEqualTo("published");
                checkReport(format.getKey(), response.get("body").asText());
            }
            JsonNode verdict = api.invoke(event("api-get-verdict.json"));
            assertThat(verdict.get("statusCode").asInt()).as(api.log("verdict")).isEqualTo(200);
            assertThat(JSON.readTree(verdict.get("body").asText()).get("decision").asText()).isEqualTo("BLOCKED");
            JsonNode posted = api.invoke(event("api-post-scans.json"));
            assertThat(posted.get("statusCode").asInt()).as(api.log("post scans")).isEqualTo(202);
            JsonNode policy = api.invoke(event("api-put-policy.json"));
            assertThat(policy.get("statusCode").asInt()).as(api.log("put policy")).isBetween(200, 201);

            // harbor: the adapter's metadata and a scan request (its job goes on the scan queue)
            JsonNode metadata = harbor.invoke(event("harbor-get-metadata.json"));
            assertThat(metadata.get("statusCode").asInt()).as(harbor.log("metadata")).isEqualTo(200);
            assertThat(JSON.readTree(metadata.get("body").asText()).at("/scanner/name").asText())
                    .isEqualTo("imagescan");
            JsonNode harborScan = harbor.invoke(event("harbor-post-scan.json"));
            assertThat(harborScan.get("statusCode").asInt()).as(harbor.log("scan")).isEqualTo(202);
            assertThat(JSON.readTree(harborScan.get("body").asText()).path("id").asText()).isNotEmpty();

            // enumerate: the schedule queues the one stored image
            JsonNode counts = enumerate.invoke(event("schedule.json"));
            assertThat(counts.get("images").asInt()).as(enumerate.log("schedule")).isEqualTo(1);
            assertThat(counts.get("queued").asInt()).isEqualTo(1);
            assertThat(counts.get("failed").asInt()).isZero();

            // dbupdate: the schedule builds a database from the feed and moves vulndb/current to it
            JsonNode update = dbupdate.invoke(event("schedule-dbupdate.json"));
            assertThat(update.path("status").asText()).as(dbupdate.log("schedule")).isEqualTo("UPDATED");
            assertThat(store.head(StoreKeys.VULNDB_CURRENT)).isPresent();
        }
    }

    /** The body of one report format, checked against its schema where there is one. */
    private static void checkReport(String format, String body) throws IOException {
        switch (format) {
            case "json" -> assertThat(JsonSchemas.reportProblems(JSON.readTree(body))).isEmpty();
            case "sarif" -> assertThat(JsonSchemas.sarifProblems(JSON.readTree(body))).isEmpty();
            case "cyclonedx" -> assertThat(JsonSchemas.cycloneDx15Problems(JSON.readTree(body))).isEmpty();
            default -> assertThat(body).startsWith("<!DOCTYPE html>").contains("CVE-2025-26519");
        }
    }

    private static String header(JsonNode response, String name) {
        for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue().asText();
            }
        }
        return null;
    }

    /** {@code GET /images/{digest}/report?format=FORMAT}, made from the verdict sample. */
    private static String reportRequest(String format) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(event("api-get-verdict.json"));
        String path = request.get("rawPath").asText().replace("/verdict", "/report");
        request.put("routeKey", "GET /images/{digest}/report").put("rawPath", path)
                .put("rawQueryString", "format=" + format);
        request.putObject("queryStringParameters").put("format", format);
        ((ObjectNode) request.get("requestContext")).put("routeKey", "GET /images/{digest}/report");
        ((ObjectNode) request.at("/requestContext/http")).put("path", path);
        return JSON.writeValueAsString(request);
    }

    /** The SQS event Lambda would deliver for {@code messages}, shaped as the sample completion message. */
    private static String sqsEvent(List<Message> messages) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(event("sqs-scan-completed.json"));
        ObjectNode sample = (ObjectNode) event.get("Records").get(0);
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            records.add(sample.deepCopy().put("messageId", UUID.randomUUID().toString()).put("body", m.body())
                    .put("md5OfBody", md5(m.body())).put("receiptHandle", m.receiptHandle()));
        }
        return JSON.writeValueAsString(event);
    }

    private static List<Message> receiveAll(LocalStack stack, String queue) {
        List<Message> all = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> got = stack.aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            all.addAll(got);
            empty = got.isEmpty() ? empty + 1 : 0;
        }
        return all;
    }

    /** A sample event on one line. */
    private static String event(String name) throws IOException {
        return JSON.writeValueAsString(JSON.readTree(EVENTS.resolve(name).toFile()));
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code functions/<name>/target/<name>.jar} in a child JVM with {@code env}, waiting for events. */
    private static Function start(String name, String handler, Map<String, String> env) throws IOException {
        Path jar = ROOT.resolve("functions").resolve(name).resolve("target").resolve(name + ".jar");
        assertThat(jar).as("run `mvn package` first").isRegularFile();
        Path log = Path.of("target", "failsafe-reports", name + "-jar.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", location(HandlerDriver.class) + File.pathSeparator + location(LambdaEventSerializers.class),
                HandlerDriver.class.getName(), jar.toString(), handler)
                .redirectError(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Function f = new Function(builder.start(), log);
        STARTED.add(f);
        return f;
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (template.yaml) above the module").isNotNull();
        return dir;
    }

    /** One function's child JVM: an event per line in, a response per line out, its log in a file. */
    private static final class Function implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final OutputStream in;
        private final BufferedReader out;

        Function(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.in = process.getOutputStream();
            InputStream stdout = process.getInputStream();
            this.out = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
        }

        /** The response to one event (one line of JSON). */
        JsonNode invoke(String event) throws IOException {
            in.write((event + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line = out.readLine();
            assertThat(line).as(log("no response")).isNotNull();
            JsonNode response = JSON.readTree(line);
            assertThat(response.has("errorType")).as(log(line)).isFalse();
            return response;
        }

        /** {@code what} and the function's log so far, for assertion messages. */
        String log(String what) {
            try {
                return what + "; " + log + ":\n" + Files.readString(log);
            } catch (IOException e) {
                return what + "; " + log + ": " + e;
            }
        }

        @Override
        public void close() {
            try {
                in.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
