package dev.imagescan.functions.soak;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.functions.api.ApiHandler;
import dev.imagescan.functions.testing.S3Notifications;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.service.ScanService;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.testing.BuiltImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The soak's jobs and what they must lead to. Uploads and their S3 notifications, and the dead-letter messages, are
 * the outside world's (sent to the servers directly); manual scans go through the API handler (a client that retries
 * a 5xx, as clients do); periodic scans come from the enumerate handler. Records every job it made by kind and what
 * each must end as, for {@link SoakChecks}.
 */
final class SoakWorkload {
    private final SoakDeployment deployment;
    private final Random random;
    private final Path dir;
    /** Good images: upload key → manifest digest. */
    final Map<String, String> uploads = new LinkedHashMap<>();
    /** Push scans that must end DONE (good uploads), and FAILED (poisoned archives): scan id → key. */
    final Map<String, String> goodPushes = new LinkedHashMap<>();
    final Map<String, String> poisonedPushes = new LinkedHashMap<>();
    /** Manual scans the API accepted (202): they must end DONE. */
    final Set<String> manualScans = new LinkedHashSet<>();
    /** Bodies planted to end in the scan dead-letter queue. */
    final List<String> poisonedMessages = new ArrayList<>();
    /** Jobs made, by kind. */
    final Map<String, Integer> jobs = new TreeMap<>();
    /** What went wrong while the jobs were made (an API answer no client should get). */
    final List<String> problems = new ArrayList<>();
    /** API answers by status. */
    final Map<Integer, Integer> apiAnswers = new TreeMap<>();

    SoakWorkload(SoakDeployment deployment, long seed) throws IOException {
        this.deployment = deployment;
        this.random = new Random(seed);
        this.dir = Files.createTempDirectory("soak");
        dir.toFile().deleteOnExit();
    }

    /** One thing to do: an upload, a duplicate, a poisoned input. */
    private interface Step {
        void run() throws IOException;
    }

    /**
     * Phase one, with the first database: {@code images} pushes of new images, {@code reuploads} of an image already
     * pushed under another key, {@code duplicates} notifications sent twice, {@code poisoned} poisoned archives and
     * {@code poisonMessages} dead-letter bodies, in a seeded random order.
     */
    void pushes(int images, int reuploads, int duplicates, int poisoned, int poisonMessages) throws IOException {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            int n = i;
            String key = "incoming/team/app" + n + ".tar";
            steps.add(() -> push(key, TestImages.app(n), "push"));
        }
        Collections.shuffle(steps, random);
        List<Step> extra = new ArrayList<>();
        for (int i = 0; i < reuploads; i++) {
            int n = random.nextInt(images);
            extra.add(() -> push("incoming/mirror/app" + n + "-" + random.nextInt(1_000_000) + ".tar",
                    TestImages.app(n), "push: same image, another key"));
        }
        for (int i = 0; i < duplicates; i++) {
            extra.add(() -> { // a key already uploaded, chosen when the step runs
                List<String> uploaded = new ArrayList<>(uploads.keySet());
                notifyAgain(uploaded.get(random.nextInt(uploaded.size())));
            });
        }
        for (int i = 0; i < poisoned; i++) {
            int n = i;
            extra.add(() -> pushPoisoned(n));
        }
        for (int i = 0; i < poisonMessages; i++) { // first: their three deliveries overlap the pushes
            String body = PoisonedInputs.message(i);
            poisonedMessages.add(body);
            count("poisoned message");
            deployment.aws.sqs().sendMessage(b -> b.queueUrl(deployment.scanQueue).messageBody(body));
        }
        // the extras go after the pushes they refer to: each at a random place in the second half
        List<Step> all = new ArrayList<>(steps);
        for (Step s : extra) {
            all.add(steps.size() / 2 + random.nextInt(all.size() - steps.size() / 2 + 1), s);
        }
        for (Step s : all) {
            s.run();
        }
    }

    private void push(String key, BuiltImage image, String kind) throws IOException {
        byte[] bytes = Files.readAllBytes(image.writeOciArchive(dir.resolve("a.tar")));
        String etag = upload(key, bytes);
        uploads.put(key, "sha256:" + image.manifestDigestHex());
        goodPushes.put(ScanService.pushScanId(key, etag), key);
        count(kind);
    }

    private void pushPoisoned(int n) throws IOException {
        String key = "incoming/poison/" + n + ".tar";
        String etag = upload(key, PoisonedInputs.archive(n, dir));
        poisonedPushes.put(ScanService.pushScanId(key, etag), key);
        count("push: poisoned archive (" + PoisonedInputs.ARCHIVE_KINDS.get(n % PoisonedInputs.ARCHIVE_KINDS.size())
                + ")");
    }

    /** Stores the object (the user's upload) and sends the notification S3 sends; the etag. */
    private String upload(String key, byte[] bytes) {
        String etag = deployment.directContext().store().put(key, bytes, PutOptions.BINARY);
        sendNotification(key, bytes.length, etag);
        return etag;
    }

    private void notifyAgain(String key) {
        var head = deployment.directContext().store().head(key).orElseThrow();
        sendNotification(key, head.size(), head.etag());
        count("duplicate: notification delivered twice");
    }

    private void sendNotification(String key, long size, String etag) {
        String body = S3Notifications.objectCreated(deployment.aws.region(), deployment.bucket, key, size, etag);
        deployment.aws.sqs().sendMessage(b -> b.queueUrl(deployment.scanQueue).messageBody(body));
    }

    /** {@code n} manual scans through the API: of an uploaded archive, or (once scanned) of a known image digest. */
    void manualScans(ApiHandler api, int n, boolean byDigest) {
        List<String> keys = new ArrayList<>(uploads.keySet());
        for (int i = 0; i < n; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            String body = byDigest ? "{\"imageDigest\":\"" + uploads.get(key) + "\"}"
                    : "{\"objectKey\":\"" + key + "\"}";
            post(api, body, byDigest ? "manual: image digest (API)" : "manual: archive key (API)");
        }
    }

    /** POST /scans, tried again on a 5xx up to 5 times, as a client does. */
    private void post(ApiHandler api, String body, String kind) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            APIGatewayV2HTTPResponse r = api.handleRequest(event(body), null);
            apiAnswers.merge(r.getStatusCode(), 1, Integer::sum);
            if (r.getStatusCode() == 202) {
                try {
                    manualScans.add((String) JSON.std.mapFrom(r.getBody()).get("scanId"));
                } catch (IOException e) {
                    throw new IllegalStateException("a 202 whose body is not JSON: " + r.getBody(), e);
                }
                count(kind);
                return;
            }
            if (r.getStatusCode() < 500) {
                problems.add("POST /scans " + body + " answered " + r.getStatusCode() + ": "
                        + r.getBody().replaceAll("\\s+", " "));
                count(kind + ": refused");
                return;
            }
        }
        count(kind + ": given up after five 5xx");
    }

    private static APIGatewayV2HTTPEvent event(String body) {
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/scans")
                        .withProtocol("HTTP/1.1").build())
                .withRequestId("soak-" + System.nanoTime()).withStage("$default").withRouteKey("POST /scans")
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                                .withUserArn("arn:aws:sts::123456789012:assumed-role/imagescan-ci/soak").build())
                        .build())
                .build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/scans").withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(context).build();
    }

    /** Sends {@code n} of the periodic jobs again (a job delivered twice): each the job enumerate sent. */
    void duplicatePeriodic(List<ScanJob> periodic, int n) {
        for (int i = 0; i < n && !periodic.isEmpty(); i++) {
            ScanJob job = periodic.get(random.nextInt(periodic.size()));
            deployment.aws.sqs().sendMessage(b -> b.queueUrl(deployment.scanQueue).messageBody(job.toJson()));
            count("duplicate: periodic job sent twice");
        }
    }

    /** A periodic job as enumerate sends it. */
    static ScanJob periodicJob(String scanId, String digest) {
        return new ScanJob(scanId, digest, null, ScanTrigger.PERIODIC, 1);
    }

    void count(String kind) {
        synchronized (jobs) {
            jobs.merge(kind, 1, Integer::sum);
        }
    }

    int total() {
        return jobs.entrySet().stream().filter(e -> !e.getKey().contains("given up") && !e.getKey().contains("refused")
                && !e.getKey().startsWith("enumerate")).mapToInt(Map.Entry::getValue).sum();
    }
}
