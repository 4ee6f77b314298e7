package dev.imagescan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreKeysTest {
    private static final String DIFF_ID = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String DIGEST = "sha256:" + "f".repeat(64);

    @Test
    void theLayout() {
        assertThat(StoreKeys.layerInventory(DIFF_ID, "a1b2")).isEqualTo("layers/" + DIFF_ID + "/a1b2.json");
        assertThat(StoreKeys.imageInventory(DIGEST)).isEqualTo("images/" + DIGEST + "/inventory.json");
        assertThat(StoreKeys.reportPrefix(DIGEST)).isEqualTo("reports/" + DIGEST + "/");
        assertThat(StoreKeys.vulndbPrefix("2026-11-27.1")).isEqualTo("vulndb/2026-11-27.1/");
        assertThat(StoreKeys.VULNDB_CURRENT).isEqualTo("vulndb/current");
        assertThat(StoreKeys.isIncoming("incoming/team/app.tar")).isTrue();
        assertThat(StoreKeys.isIncoming("incoming/")).isFalse();
        assertThat(StoreKeys.isIncoming("incoming/dir/")).isFalse();
        assertThat(StoreKeys.isIncoming("reports/x")).isFalse();
    }

    @Test
    void thePublishedReports() {
        assertThat(StoreKeys.imageVerdict(DIGEST)).isEqualTo("images/" + DIGEST + "/verdict.json");
        assertThat(StoreKeys.scanReport(DIGEST, "push-1a", "report.sarif"))
                .isEqualTo("reports/" + DIGEST + "/push-1a/report.sarif");
        assertThat(StoreKeys.latestReport(DIGEST, "report.cdx.json"))
                .isEqualTo("reports/" + DIGEST + "/latest/report.cdx.json");
        assertThat(StoreKeys.publishedMarker(DIGEST, "push-1a"))
                .isEqualTo("reports/" + DIGEST + "/push-1a/published.json");
        assertThat(StoreKeys.verdictMarker(DIGEST, "push-1a", 1795000000000L))
                .isEqualTo("reports/" + DIGEST + "/push-1a/verdict-1795000000000.published.json");
        assertThatThrownBy(() -> StoreKeys.scanReport(DIGEST, "latest", "report.json"))
                .as("a scan folder cannot be the latest folder").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreKeys.latestReport(DIGEST, "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreKeys.verdictMarker(DIGEST, "s", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyPartsCannotEscapeTheirPrefix() {
        for (String badVersion : List.of("", "../x", "a/b", "a#b", " a", "-a", "a".repeat(201))) {
            assertThatThrownBy(() -> StoreKeys.layerInventory(DIFF_ID, badVersion)).as(badVersion)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String badDigest : List.of("sha256:" + "F".repeat(64), "sha256:abc", "md5:" + "a".repeat(32),
                "sha256:" + "a".repeat(63) + "/", "latest")) {
            assertThatThrownBy(() -> StoreKeys.imageInventory(badDigest)).as(badDigest)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(StoreKeys.requireDigest("d", "sha512:" + "a".repeat(128))).startsWith("sha512:");
        assertThatThrownBy(() -> StoreKeys.requireId("scan id", "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StoreKeys.requireId("scan id", "3f2a9c1e-0b7d-4e55-9a61-2c8f0d4b7e10")).isNotNull();
    }
}
