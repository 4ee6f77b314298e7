package dev.imagescan.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.Page;
import dev.imagescan.store.PutOptions;
import dev.imagescan.testing.Digests;
import dev.imagescan.testing.MutableClock;
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
import org.junit.jupiter.api.Test;

/** Images in {@link InMemoryScanTable}: the cases {@code DynamoImagesTest} checks. */
class InMemoryImagesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final Images images = new InMemoryScanTable(clock).images();

    static String digest(String text) {
        return Digests.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void savesAndReadsEveryField() {
        String digest = digest("alpine");
        ImageRecord image = new ImageRecord(digest, "registry.example/team/app", List.of("1.2", "latest"),
                "incoming/app.tar", Instant.parse("2026-11-01T10:00:00.123456789Z"),
                Instant.parse("2026-11-20T08:30:00.456Z"), "sha256:" + "d".repeat(64), "a1b2c3",
                new SeverityCounts(3, 2, 1, 7), "scan-7", "BLOCKED", "policy-4", 0);

        ImageRecord saved = images.save(image);

        assertThat(saved).isEqualTo(image.atRevision(1));
        assertThat(saved.firstScanAt()).as("kept to the millisecond").isEqualTo("2026-11-01T10:00:00.123Z");
        assertThat(images.get(digest)).contains(saved);
        assertThat(images.get(digest("other"))).isEmpty();
    }

    @Test
    void writesAreConditionalOnTheRevisionTheyRead() {
        String digest = digest("contended");
        ImageRecord v1 = images.save(ImageRecord.of(digest));
        assertThatThrownBy(() -> images.save(ImageRecord.of(digest))).as("a second creation")
                .isInstanceOf(ConditionFailedException.class);

        ImageRecord v2 = images.save(v1.withCounts(new SeverityCounts(1, 0, 0, 0)));
        assertThat(v2.revision()).isEqualTo(2);
        assertThatThrownBy(() -> images.save(v1.withCounts(new SeverityCounts(9, 9, 9, 9)))).as("a stale write")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("revision 1");
        assertThatThrownBy(() -> images.save(v2.atRevision(3))).as("a revision never stored")
                .isInstanceOf(ConditionFailedException.class);
        assertThat(images.get(digest)).contains(v2);

        String absent = digest("absent");
        assertThatThrownBy(() -> images.save(ImageRecord.of(absent).atRevision(4))).as("an update of nothing")
                .isInstanceOf(ConditionFailedException.class);
        assertThat(images.get(absent)).isEmpty();
    }

    @Test
    void updateKeepsTheFirstScanTimeAndWritesNothingForNoChange() {
        String digest = digest("rescanned");
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t2 = t1.plus(3, ChronoUnit.DAYS);
        images.update(digest, i -> i.withScan("s1", t1, "db1", "an1", new SeverityCounts(1, 1, 1, 1)));
        ImageRecord after = images.update(digest, i -> i.withScan("s2", t2, "db2", "an1", SeverityCounts.NONE));

        assertThat(after.firstScanAt()).isEqualTo(t1);
        assertThat(after.lastScanAt()).isEqualTo(t2);
        assertThat(after.lastScanId()).isEqualTo("s2");
        assertThat(after.revision()).isEqualTo(2);
        assertThat(images.update(digest, i -> i)).isEqualTo(after);
        assertThat(images.get(digest).orElseThrow().revision()).as("nothing written").isEqualTo(2);
    }

    @Test
    void concurrentUpdatesThroughTheRevisionLoseNothing() throws Exception {
        String digest = digest("counter");
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
            String digest = digest("image-" + i);
            images.save(ImageRecord.of(digest).withSource("repo/" + i, List.of(), null));
            stored.add(digest);
        }
        List<String> listed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Page<ImageRecord> page = images.list(50, token);
            sizes.add(page.items().size());
            page.items().forEach(image -> {
                listed.add(image.digest());
                assertThat(image.repository()).startsWith("repo/");
                assertThat(image.revision()).isEqualTo(1);
            });
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).containsExactly(50, 50, 20);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void fullPagesUntilTheEnd() {
        for (int i = 0; i < 10; i++) {
            images.save(ImageRecord.of(digest("few-" + i)));
        }
        Page<ImageRecord> first = images.list(7, null);
        assertThat(first.items()).hasSize(7);
        Page<ImageRecord> second = images.list(7, first.nextToken());
        assertThat(second.items()).hasSize(3);
        assertThat(second.next()).isEmpty();
        Page<ImageRecord> half = images.list(5, null);
        assertThat(images.list(5, half.nextToken()).next()).as("no empty page after a full last one").isEmpty();
        assertThat(new InMemoryScanTable(clock).images().list(10, null)).isEqualTo(new Page<>(List.of(), null));
    }

    @Test
    void malformedPageTokensAreRefused() {
        images.save(ImageRecord.of(digest("one")));
        images.save(ImageRecord.of(digest("two")));
        InMemoryObjectStore objects = new InMemoryObjectStore(clock);
        objects.put("images/a", new byte[] {1}, PutOptions.BINARY);
        objects.put("images/b", new byte[] {1}, PutOptions.BINARY);
        List<String> bad = List.of(
                "not base64 !",
                b64("not json"),
                b64("[1,2]"),
                b64("{\"v\":\"o1\",\"s\":\"0\"}"),
                b64("{\"v\":\"i1\"}"),
                b64("{\"v\":\"mi1\",\"s\":\"images\",\"a\":\"sha256:short\"}"),
                b64("{\"v\":\"mi1\",\"s\":\"images\",\"a\":1}"),
                b64("{\"v\":\"other\",\"s\":\"images\",\"a\":\"" + digest("one") + "\"}"),
                objects.list("images/", 1, null).nextToken(),
                "x".repeat(9000));
        for (String token : bad) {
            assertThatThrownBy(() -> images.list(10, token)).as(token)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed page token");
        }
        assertThatThrownBy(() -> images.list(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> images.list(1001, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(images.list(10, images.list(1, null).nextToken()).items()).as("a token it gave works")
                .hasSize(1);
    }

    @Test
    void digestsAreChecked() {
        assertThatThrownBy(() -> images.get("sha256:../../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
