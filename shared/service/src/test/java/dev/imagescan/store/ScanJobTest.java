package dev.imagescan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScanJobTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void roundTripsThroughJson() {
        ScanJob byDigest = new ScanJob("scan-1", DIGEST, null, ScanTrigger.PERIODIC, 1);
        ScanJob byKey = new ScanJob("scan-2", null, "incoming/app \"v2\".tar", ScanTrigger.PUSH, 3);
        ScanJob both = new ScanJob("scan-3", DIGEST, "incoming/x.tar", ScanTrigger.MANUAL, 1);
        for (ScanJob job : List.of(byDigest, byKey, both)) {
            assertThat(ScanJob.fromJson(job.toJson())).isEqualTo(job);
        }
        assertThat(byDigest.toJson()).isEqualTo("{\"v\":1,\"scanId\":\"scan-1\",\"imageDigest\":\"" + DIGEST
                + "\",\"objectKey\":null,\"trigger\":\"PERIODIC\",\"attempt\":1}");
        assertThat(byDigest.nextAttempt().attempt()).isEqualTo(2);
    }

    @Test
    void aRegistryImageAndItsAuthorizationTravelInTheMessageButNeverInToString() {
        String image = "harbor.example.com/library/app@" + DIGEST;
        ScanJob job = new ScanJob("scan-4", DIGEST, null, ScanTrigger.MANUAL, 1, image, "Basic cm9ib3Q6czNjcmV0");
        assertThat(ScanJob.fromJson(job.toJson())).isEqualTo(job);
        assertThat(job.toJson()).contains("\"image\":\"" + image + "\"")
                .contains("\"authorization\":\"Basic cm9ib3Q6czNjcmV0\"");
        assertThat(job.toString()).contains(image).doesNotContain("cm9ib3Q6czNjcmV0").contains("****");
        assertThat(job.nextAttempt().authorization()).isEqualTo(job.authorization());
        assertThat(new ScanJob("scan-5", DIGEST, null, ScanTrigger.MANUAL, 1, image).toJson())
                .doesNotContain("authorization");
        assertThat(new ScanJob("scan-6", DIGEST, null, ScanTrigger.MANUAL, 1).toJson()).doesNotContain("\"image\"");
        assertThatThrownBy(() -> new ScanJob("s", DIGEST, null, ScanTrigger.MANUAL, 1, null, "Basic x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goes with an image");
    }

    @Test
    void theJsonIsAsciiWhateverTheKey() {
        ScanJob job = new ScanJob("scan-1", null, "incoming/caf\u00e9/\uD83D\uDE00\uFFFF.tar", ScanTrigger.PUSH, 1);
        String json = job.toJson();
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(json).contains("caf\\u00E9");
        assertThat(ScanJob.fromJson(json)).isEqualTo(job);
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String json = "{\"v\":1,\"scanId\":\"s\",\"future\":{\"a\":[1,2]},\"imageDigest\":\"" + DIGEST
                + "\",\"trigger\":\"PUSH\",\"attempt\":2,\"note\":\"x\"}";
        assertThat(ScanJob.fromJson(json)).isEqualTo(new ScanJob("s", DIGEST, null, ScanTrigger.PUSH, 2));
    }

    @Test
    void refusesWhatIsNotAVersionOneJob() {
        List<String> bad = List.of(
                "",
                "not json",
                "[]",
                "{\"v\":2,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"v\":1,\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"v\":1,\"scanId\":\"s\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"LATER\",\"attempt\":1}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":0}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":\"1\"}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"latest\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"v\":1,\"scanId\":\"../s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":1}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":1} {}",
                "{\"v\":1,\"scanId\":\"s\",\"imageDigest\":\"" + DIGEST + "\",\"trigger\":\"PUSH\",\"attempt\":99999999999}",
                "x".repeat(70_000));
        for (String json : bad) {
            assertThatThrownBy(() -> ScanJob.fromJson(json)).as(json.length() > 100 ? "long" : json)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aJobNamesWhatToScan() {
        assertThatThrownBy(() -> new ScanJob("s", null, null, ScanTrigger.PUSH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanJob("s", null, "k".repeat(1025), ScanTrigger.PUSH, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
