package dev.imagescan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ScanCompleted.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanCompletedTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String DB1 = "sha256:" + "01".repeat(32);
    private static final String DB2 = "sha256:" + "02".repeat(32);
    private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456Z");

    private static ScanCompleted scanned(String previousVerdict, String verdict) {
        return new ScanCompleted(Kind.SCANNED, "scan-1", DIGEST, ScanTrigger.PERIODIC, DB2,
                StoreKeys.imageReport(DIGEST, DB2), StoreKeys.imageReport(DIGEST, DB1), verdict, previousVerdict, "3",
                AT);
    }

    @Test
    void roundTripsThroughJsonToTheMillisecond() {
        ScanCompleted first = new ScanCompleted(Kind.SCANNED, "push-1", DIGEST, ScanTrigger.PUSH, DB1,
                StoreKeys.imageReport(DIGEST, DB1), null, null, null, null, AT);
        for (ScanCompleted m : List.of(first, scanned("ALLOWED", "BLOCKED"), new ScanCompleted(Kind.REJUDGED,
                "scan-2", DIGEST, ScanTrigger.PERIODIC, DB1, StoreKeys.imageReport(DIGEST, DB1), null, "BLOCKED",
                "ALLOWED", "2026-11-27", AT))) {
            assertThat(ScanCompleted.fromJson(m.toJson())).isEqualTo(m);
        }
        assertThat(first.completedAt()).isEqualTo(Instant.parse("2026-11-27T10:15:30.123Z"));
        assertThat(first.toJson()).startsWith("{\"v\":1,\"kind\":\"SCANNED\",\"scanId\":\"push-1\"")
                .contains("\"previousReportKey\":null").endsWith("\"completedAt\":" + AT.toEpochMilli() + "}");
    }

    @Test
    void aVerdictChangesOnlyFromOneItHad() {
        assertThat(scanned("ALLOWED", "BLOCKED").verdictChanged()).isTrue();
        assertThat(scanned("BLOCKED", "ALLOWED").verdictChanged()).isTrue();
        assertThat(scanned("BLOCKED", "BLOCKED").verdictChanged()).isFalse();
        assertThat(scanned(null, "BLOCKED").verdictChanged()).isFalse();
        assertThat(scanned("ALLOWED", null).verdictChanged()).isFalse();
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String json = scanned("ALLOWED", "BLOCKED").toJson().replace("{\"v\":1,", "{\"v\":1,\"later\":[{\"x\":1}],");
        assertThat(ScanCompleted.fromJson(json)).isEqualTo(scanned("ALLOWED", "BLOCKED"));
    }

    @Test
    void refusesWhatIsNotAVersionOneMessage() {
        String good = scanned("ALLOWED", "BLOCKED").toJson();
        List<String> bad = List.of(
                "",
                "[]",
                good.replace("\"v\":1", "\"v\":2"),
                good.replace("\"kind\":\"SCANNED\"", "\"kind\":\"DONE\""),
                good.replace("\"kind\":\"SCANNED\",", ""),
                good.replace("\"trigger\":\"PERIODIC\"", "\"trigger\":\"SOON\""),
                good.replace("\"verdict\":\"BLOCKED\"", "\"verdict\":\"MAYBE\""),
                good.replace("\"imageDigest\":\"" + DIGEST + "\"", "\"imageDigest\":\"latest\""),
                good.replace("\"scanId\":\"scan-1\"", "\"scanId\":\"../x\""),
                good.replace("\"completedAt\":" + AT.toEpochMilli(), "\"completedAt\":\"today\""),
                good.replace("\"reportKey\":\"", "\"reportKey\":1,\"x\":\""),
                good + " {}",
                "x".repeat(70_000));
        for (String json : bad) {
            assertThatThrownBy(() -> ScanCompleted.fromJson(json)).as(json.length() > 100 ? "long" : json)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
