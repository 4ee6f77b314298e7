package dev.imagescan.store.aws;

import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.Page;
import dev.imagescan.store.PageTokens;
import dev.imagescan.testing.aws.LocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Images in {@link DynamoScanTable} against a real DynamoDB API (LocalStack or dynalite), a fresh table per test. */
class DynamoImagesTest {
    private final LocalAws aws = LocalAws.get();
    private String tableName;
    private Images images;

    @BeforeEach
    void table() {
        tableName = LocalClients.createTable(aws);
        images = new DynamoScanTable(aws.dynamoDb(), tableName).images();
    }

    @Test
    void savesAndReadsEveryField() {
        String digest = Digests.of("alpine");
        Instant first = Instant.parse("2026-11-01T10:00:00.123456789Z");
        Instant last = Instant.parse("2026-11-20T08:30:00.456Z");
        ImageRecord image = new ImageRecord(digest, "registry.example/team/app", List.of("1.2", "latest"),
                "incoming/app.tar", first, last, "sha256:" + "d".repeat(64), "a1b2c3", new SeverityCounts(3, 2, 1, 7),
                "scan-7", "BLOCKED", "policy-4", 0);

        ImageRecord saved = images.save(image);

        assertThat(saved.revision()).isEqualTo(1);
        assertThat(saved.firstScanAt()).as("kept to the millisecond").isEqualTo("2026-11-01T10:00:00.123Z");
        assertThat(images.get(digest)).contains(saved);
        assertThat(saved).isEqualTo(image.atRevision(1));
        assertThat(images.get(Digests.of("other"))).isEmpty();
    }

    @Test
    void aNewImageHasOnlyItsDigest() {
        String digest = Digests.of("bare");
        images.save(ImageRecord.of(digest));
        ImageRecord read = images.get(digest).orElseThrow();
        assertThat(read).isEqualTo(ImageRecord.of(digest).atRevision(1));
        assertThat(read.tags()).isEmpty();
        assertThat(read.counts()).isEqualTo(SeverityCounts.NONE);
    }

    @Test
    void writesAreConditionalOnTheRevisionTheyRead() {
        String digest = Digests.of("contended");
        ImageRecord v1 = images.save(ImageRecord.of(digest));
        assertThatThrownBy(() -> images.save(ImageRecord.of(digest))).as("a second creation")
                .isInstanceOf(ConditionFailedException.class);

        ImageRecord v2 = images.save(v1.withCounts(new SeverityCounts(1, 0, 0, 0)));
        assertThat(v2.revision()).isEqualTo(2);
        assertThatThrownBy(() -> images.save(v1.withCounts(new SeverityCounts(9, 9, 9, 9)))).as("a stale write")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("revision 1");
        assertThat(images.get(digest).orElseThrow().counts()).isEqualTo(new SeverityCounts(1, 0, 0, 0));
    }

    @Test
    void withScanKeepsTheFirstScanTime() {
        String digest = Digests.of("rescanned");
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t2 = t1.plus(3, ChronoUnit.DAYS);
        images.update(digest, i -> i.withScan("s1", t1, "db1", "an1", new SeverityCounts(1, 1, 1, 1)));
        ImageRecord after = images.update(digest, i -> i.withScan("s2", t2, "db2", "an1", SeverityCounts.NONE));
        assertThat(after.firstScanAt()).isEqualTo(t1);
        assertThat(after.lastScanAt()).isEqualTo(t2);
        assertThat(after.lastScanId()).isEqualTo("s2");
        assertThat(after.dbVersion()).isEqualTo("db2");
        assertThat(after.revision()).isEqualTo(2);
        assertThat(images.update(digest, i -> i)).as("an update that changes nothing writes nothing")
                .isEqualTo(after);
        assertThat(images.get(digest).orElseThrow().revision()).isEqualTo(2);
    }

    @Test
    void concurrentUpdatesThroughTheRevisionLoseNothing() throws Exception {
        String digest = Digests.of("counter");
        int threads = 8;
        int increments = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < increments; i++) {
                        images.update(digest, image -> image.withCounts(new SeverityCounts(
                                image.counts().high() + 1, 0, 0, 0)));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        ImageRecord end = images.get(digest).orElseThrow();
        assertThat(end.counts().high()).isEqualTo(threads * increments);
        assertThat(end.revision()).isEqualTo(threads * increments);
    }

    @Test
    void listsEveryImageInPages() {
        Set<String> stored = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            String digest = Digests.of("image-" + i);
            images.save(ImageRecord.of(digest).withSource("repo/" + i, List.of(), null));
            stored.add(digest);
        }
        List<String> listed = new ArrayList<>();
        int pages = 0;
        String token = null;
        do {
            Page<ImageRecord> page = images.list(50, token);
            assertThat(page.items().size()).isLessThanOrEqualTo(50);
            page.items().forEach(image -> {
                listed.add(image.digest());
                assertThat(image.repository()).startsWith("repo/");
                assertThat(image.revision()).isEqualTo(1);
            });
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
        assertThat(pages).isBetween(3, 6);
    }

    @Test
    void fullPagesUntilTheEnd() {
        for (int i = 0; i < 7; i++) {
            images.save(ImageRecord.of(Digests.of("few-" + i)));
        }
        Page<ImageRecord> first = images.list(5, null);
        assertThat(first.items()).hasSize(5);
        Page<ImageRecord> second = images.list(5, first.nextToken());
        assertThat(second.items()).hasSize(2);
        assertThat(second.next()).isEmpty();
        assertThat(new DynamoScanTable(aws.dynamoDb(), LocalClients.createTable(aws)).images().list(10, null))
                .isEqualTo(new Page<>(List.of(), null));
    }

    @Test
    void malformedPageTokensAreRefused() {
        images.save(ImageRecord.of(Digests.of("one")));
        String otherShardDigest = "sha256:f" + "0".repeat(63);
        List<String> bad = List.of(
                "not base64 !",
                b64("not json"),
                b64("[1,2]"),
                b64("{\"v\":\"o1\",\"s\":\"0\"}"),
                b64("{\"v\":\"i1\"}"),
                b64("{\"v\":\"i1\",\"s\":\"g\"}"),
                b64("{\"v\":\"i1\",\"s\":\"00\"}"),
                b64("{\"v\":\"i1\",\"s\":\"0\",\"d\":\"sha256:short\"}"),
                b64("{\"v\":\"i1\",\"s\":\"0\",\"d\":\"" + otherShardDigest + "\"}"),
                b64("{\"v\":\"i1\",\"s\":0}"),
                "x".repeat(9000));
        for (String token : bad) {
            assertThatThrownBy(() -> images.list(10, token)).as(token)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed page token");
        }
        assertThatThrownBy(() -> images.list(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> images.list(1001, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(images.list(10, b64("{\"v\":\"i1\",\"s\":\"0\"}")).items()).as("a well-formed token works")
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void digestsAreChecked() {
        assertThatThrownBy(() -> images.get("sha256:../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageRecord.of("latest")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
