package dev.imagescan.functions.enumerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.Registries;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.DatabaseVersions;
import dev.imagescan.service.RegistrySweep;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.testing.registry.ArtifactPush;
import dev.imagescan.testing.registry.EcrEndpoint;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The schedule's sweep of registries against a real registry (Distribution 2.8 on loopback, one for the class, the
 * images pushed once through the distribution API by {@link ArtifactPush}): 3 repositories × 2 tags, six images (two tags of one repository name the same image, one image is pushed to two repositories), one of
 * them already scanned with the current database and analyzers. Exactly the unscanned images are enqueued, once,
 * through the tags list API and manifest HEADs, and through ECR's
 * DescribeRepositories and DescribeImages (paged, at most 2 a page) from {@link EcrEndpoint}; a second sweep
 * enqueues nothing.
 */
class RegistrySweepFunctionTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final List<String> REPOSITORIES = List.of("team/r1", "team/r2", "team/r3");

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    /** repository → tag → digest, as pushed. */
    private static final Map<String, Map<String, String>> PUSHED = new LinkedHashMap<>();

    @BeforeAll
    static void push() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
        // r1: 1.0 and latest name app 1; r2: app 2 and app 3; r3: app 4 and app 3 again (the same image elsewhere)
        int[][] apps = {{1, 1}, {2, 3}, {4, 3}};
        for (int r = 0; r < REPOSITORIES.size(); r++) {
            Map<String, String> tags = new LinkedHashMap<>();
            ArtifactPush push = new ArtifactPush(registry.host(), REPOSITORIES.get(r));
            for (int t = 0; t < 2; t++) {
                String tag = t == 0 ? "1.0" : "latest";
                // the manifest's bytes as built, so its digest is the built one
                tags.put(tag, push.image(tag, TestImages.app(apps[r][t])));
            }
            PUSHED.put(REPOSITORIES.get(r), tags);
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theTagsListSweepEnqueuesExactlyTheUnscannedImagesOnce() {
        LocalStack stack = new LocalStack();
        FunctionContext context = stack.context();
        String scanned = PUSHED.get("team/r2").get("1.0");
        markScanned(context, scanned);
        List<String> targets = REPOSITORIES.stream().map(r -> registry.host() + "/" + r).toList();
        RegistrySweep sweep = EnumerateHandler.sweep(context, env(stack, String.join(",", targets), registry.host()),
                stack.settings());

        RegistrySweep.Result first = sweep.sweep(() -> false);

        // four images: app 1 (two tags), app 3 (in r2 and r3), app 4; app 2 was scanned already
        Set<String> expected = new HashSet<>();
        expected.add(registry.host() + "/team/r1@" + PUSHED.get("team/r1").get("1.0"));
        expected.add(registry.host() + "/team/r2@" + PUSHED.get("team/r2").get("latest"));
        expected.add(registry.host() + "/team/r3@" + PUSHED.get("team/r3").get("1.0"));
        assertThat(first.problems()).isEmpty();
        assertThat(first.images()).isEqualTo(5); // r1: 1 (two tags), r2: 2, r3: 2
        assertThat(first.queued()).isEqualTo(3);
        assertThat(first.known()).isEqualTo(2); // app 2 scanned; app 3 met again in r3
        // each job names one of the image's tags (the registry's order decides which)
        assertThat(jobs(stack)).allMatch(image -> image.matches(".*/team/r[123]:(1\\.0|latest)@sha256:.*"))
                .extracting(image -> image.replaceFirst(":(1\\.0|latest)@", "@"))
                .containsExactlyInAnyOrderElementsOf(expected);

        RegistrySweep.Result second = sweep.sweep(() -> false);
        assertThat(second.queued()).as("a second sweep enqueues nothing").isZero();
        assertThat(second.known()).isEqualTo(5);
        assertThat(jobs(stack)).isEmpty();
    }

    @Test
    void theEcrSweepListsRepositoriesAndImagesThroughTheEcrApiPageByPage() throws IOException {
        LocalStack stack = new LocalStack();
        FunctionContext context = stack.context();
        try (EcrEndpoint ecr = new EcrEndpoint("123456789012", "http://" + registry.host(), "AWS", "unused")) {
            ecr.pageSize(2);
            PUSHED.forEach((repository, tags) -> {
                Map<String, List<String>> byDigest = new LinkedHashMap<>();
                tags.forEach((tag, digest) -> byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
                byDigest.forEach((digest, t) -> ecr.add(repository, new EcrEndpoint.Image(digest, t)));
            });
            ecr.add("team/empty", new EcrEndpoint.Image("sha256:" + "e".repeat(64), List.of()));
            Map<String, String> env = env(stack, ECR, ECR);
            env.put("IMAGESCAN_ECR_ENDPOINT", ecr.uri().toString());
            RegistrySweep sweep = EnumerateHandler.sweep(context, env, stack.settings());

            RegistrySweep.Result first = sweep.sweep(() -> false);

            assertThat(first.problems()).isEmpty();
            assertThat(first.images()).isEqualTo(6);
            assertThat(first.queued()).isEqualTo(5);
            assertThat(jobs(stack)).contains(ECR + "/team/r1:1.0@" + PUSHED.get("team/r1").get("1.0"),
                    ECR + "/team/empty@sha256:" + "e".repeat(64)).hasSize(5);
            assertThat(ecr.calls("DescribeRepositories")).as("4 repositories, 2 a page").isEqualTo(2);
            assertThat(sweep.sweep(() -> false).queued()).isZero();
        }
    }

    @Test
    void aTargetOutsideTheAllowListIsSkippedWithTheReason() {
        LocalStack stack = new LocalStack();
        RegistrySweep sweep = EnumerateHandler.sweep(stack.context(), env(stack, registry.host() + "/team/r1",
                ECR), stack.settings());
        RegistrySweep.Result result = sweep.sweep(() -> false);
        assertThat(result.queued()).isZero();
        assertThat(result.problems()).singleElement().asString()
                .contains("registry " + registry.host() + " is not in the allow-list");
    }

    private static Map<String, String> env(LocalStack stack, String sweep, String allowList) {
        Map<String, String> env = new LinkedHashMap<>(stack.environment());
        env.put(Registries.SWEEP, sweep);
        env.put(Registries.ALLOW_LIST, allowList);
        return env;
    }

    private static void markScanned(FunctionContext context, String digest) {
        String db = DatabaseVersions.current(context.store(), () -> BundledDatabase.load().info().digest());
        String analyzers = new ImageScanner(ScanOptions.defaults()).analyzerKey();
        context.table().images().update(digest, r -> r.withScan("push-0123456789abcdef", Instant.now(), db,
                analyzers, SeverityCounts.NONE));
    }

    /** The images of the jobs now on the queue (taken off it), each checked against its QUEUED scan. */
    private static List<String> jobs(LocalStack stack) {
        List<String> images = new ArrayList<>();
        while (true) {
            List<Message> messages = stack.aws().sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return images;
            }
            for (Message m : messages) {
                ScanJob job = ScanJob.fromJson(m.body());
                ScanRecord scan = stack.context().table().scans().get(job.scanId()).orElseThrow();
                assertThat(scan.status()).isEqualTo(ScanStatus.QUEUED);
                assertThat(scan.image()).isEqualTo(job.image());
                images.add(job.image());
                stack.aws().sqs().deleteMessage(b -> b.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
