package dev.imagescan.store.backed;

import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.testing.Databases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CurrentDatabase} over a real S3 API. */
class CurrentDatabaseTest {
    private final LocalAws aws = LocalAws.get();
    private final ObjectStore store = new S3ObjectStore(aws.s3(), aws.createBucket());
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final CurrentDatabase current = new CurrentDatabase(store, Duration.ofSeconds(60), clock, () -> {
        fallbacks.incrementAndGet();
        return BundledDatabase.load();
    });

    @Test
    void servesTheBundledDatabaseUntilAPointerExistsThenNoticesItAfterTheInterval() {
        assertThat(current.current()).isSameAs(BundledDatabase.load());

        byte[] first = Databases.empty(Instant.parse("2026-01-01T00:00:00Z"));
        store.put("vulndb/v1/vulndb.bin", first, PutOptions.BINARY);
        point("vulndb/v1/vulndb.bin");
        now = now.plusSeconds(30);
        assertThat(current.current()).as("within the interval").isSameAs(BundledDatabase.load());

        now = now.plusSeconds(31);
        VulnDatabase v1 = current.current();
        assertThat(v1.info().advisories()).isZero();
        now = now.plusSeconds(61);
        assertThat(current.current()).as("loaded once per version").isSameAs(v1);

        store.put("vulndb/v2/vulndb.bin", Databases.empty(Instant.parse("2026-02-01T00:00:00Z")), PutOptions.BINARY);
        point("vulndb/v2/vulndb.bin");
        now = now.plusSeconds(61);
        VulnDatabase v2 = current.current();
        assertThat(v2.info().digest()).isNotEqualTo(v1.info().digest());
        assertThat(fallbacks).hasValue(1);
    }

    @Test
    void keepsServingTheLoadedDatabaseWhenTheNewOneIsDamaged() {
        store.put("vulndb/v1/vulndb.bin", Databases.empty(Instant.parse("2026-01-01T00:00:00Z")), PutOptions.BINARY);
        point("vulndb/v1/vulndb.bin");
        VulnDatabase v1 = current.current();

        byte[] damaged = Databases.empty(Instant.parse("2026-03-01T00:00:00Z"));
        damaged[damaged.length - 1] ^= 1;
        store.put("vulndb/v3/vulndb.bin", damaged, PutOptions.BINARY);
        point("vulndb/v3/vulndb.bin");
        now = now.plusSeconds(61);
        assertThat(current.current()).isSameAs(v1);

        point("vulndb/missing/vulndb.bin");
        now = now.plusSeconds(61);
        assertThat(current.current()).isSameAs(v1);
    }

    @Test
    void withNothingLoadedABadPointerIsAnError() {
        point("vulndb/missing/vulndb.bin");
        assertThatThrownBy(current::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vulndb/missing/vulndb.bin");
    }

    private void point(String key) {
        store.put(StoreKeys.VULNDB_CURRENT, key.getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);
    }
}
