package dev.imagescan.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An entry's advisory decoded on first use is decoded once, and the entry equals one built with it at hand. */
class PackageAdvisoryTest {
    private static final Advisory DSA = new Advisory("DSA-5514-1", List.of("CVE-2023-4911"), "glibc security update",
            null, Instant.parse("2023-10-03T00:00:00Z"), List.of(), null, List.of());
    private static final AffectedPackage GLIBC = new AffectedPackage("Debian:12", "glibc", List.of(), List.of(), null);

    @Test
    void aLazyAdvisoryIsDecodedOnceAndOnlyWhenAskedFor() {
        AtomicInteger decoded = new AtomicInteger();
        PackageAdvisory lazy = PackageAdvisory.lazy(() -> {
            decoded.incrementAndGet();
            return DSA;
        }, GLIBC);

        assertThat(lazy.affected()).isSameAs(GLIBC);
        assertThat(decoded).hasValue(0);
        assertThat(lazy.advisory()).isSameAs(DSA);
        assertThat(lazy.advisory()).isSameAs(DSA);
        assertThat(decoded).hasValue(1);
    }

    @Test
    void lazyAndEagerEntriesOfTheSameAdvisoryAreEqual() {
        PackageAdvisory eager = new PackageAdvisory(DSA, GLIBC);
        PackageAdvisory lazy = PackageAdvisory.lazy(() -> DSA, GLIBC);

        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(lazy).isNotEqualTo(new PackageAdvisory(DSA, new AffectedPackage("Debian:11", "glibc", List.of(),
                List.of(), null)));
        assertThat(lazy.toString()).contains("DSA-5514-1", "Debian:12");
    }
}
