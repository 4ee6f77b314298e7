package dev.imagescan.functions.api;

import static dev.imagescan.functions.api.ScanRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /images/{digest}/report} in each format, from the published copy or rendered from the stored JSON. */
class ReportRouteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiFixture api = new ApiFixture();

    @Test
    void jsonByDefaultIsTheStoredReportAsItIs() throws IOException {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.get("/images/" + digest.replace(":", "%3A") + "/report");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Imagescan-Report-Source")).isEqualTo("stored");
        assertThat(r.raw().getIsBase64Encoded()).isFalse();
        String dbVersion = ApiFixture.DB.info().digest();
        assertThat(r.header("X-Imagescan-Db-Version")).isEqualTo(dbVersion);
        assertThat(r.body()).isEqualTo(stored(StoreKeys.imageReport(digest, dbVersion)));
        assertThat(JsonSchemas.reportProblems(r.json())).isEmpty();
        assertThat(api.call("GET", "/images/" + digest + "/report").query("format", "json").send().body())
                .isEqualTo(r.body());
    }

    @Test
    void sarifIsRenderedAndValidAgainstTheSarif210Schema() throws IOException {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "sarif").send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/sarif+json");
        assertThat(r.header("X-Imagescan-Report-Source")).isEqualTo("rendered");
        JsonNode sarif = JSON.readTree(r.body());
        assertThat(JsonSchemas.sarifProblems(sarif)).isEmpty();
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(r.body()).contains("CVE-2026-1001").contains("CVE-2026-1002");
    }

    @Test
    void cycloneDxIsRenderedAndValidAgainstTheCycloneDx15Schema() throws IOException {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "cyclonedx").send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/vnd.cyclonedx+json; version=1.5");
        JsonNode bom = JSON.readTree(r.body());
        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.5");
        assertThat(bom.get("vulnerabilities")).hasSize(2);
    }

    @Test
    void htmlIsRendered() {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "HTML").send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("CVE-2026-1001").contains("</html>");
    }

    @Test
    void htmlCarriesAContentSecurityPolicyAllowingOnlyItsOwnStyleAndEveryAnswerIsNosniff() throws Exception {
        String digest = api.scanApp(1);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "html").send();

        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).startsWith("default-src 'none'; style-src 'sha256-").contains("frame-ancestors 'none'")
                .contains("base-uri 'none'").contains("form-action 'none'").doesNotContain("unsafe-inline")
                .doesNotContain("script-src");
        String body = r.body();
        String css = body.substring(body.indexOf("<style>") + 7, body.indexOf("</style>"));
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(css.getBytes(StandardCharsets.UTF_8)));
        assertThat(csp).as("the page's one style block, by hash").contains("'sha256-" + hash + "'");

        ApiFixture.Response json = api.call("GET", "/images/" + digest + "/report").query("format", "json").send();
        assertThat(json.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(json.header("Content-Security-Policy")).as("not HTML").isNull();
        ApiFixture.Response missing = api.call("GET", "/images/sha256:" + "0".repeat(64)).send();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Content-Type-Options")).as("errors too").isEqualTo("nosniff");
    }

    @Test
    void aPublishedCopyAtLeastAsNewAsTheScanIsServedAndAnOlderOneIsNot() {
        String digest = api.scanApp(1);
        String published = StoreKeys.reportPrefix(digest) + "latest/report.sarif";
        api.context.store().put(published, "{\"published\":true}".getBytes(StandardCharsets.UTF_8), PutOptions.JSON);

        ApiFixture.Response fresh = api.call("GET", "/images/" + digest + "/report").query("format", "sarif").send();
        assertThat(fresh.header("X-Imagescan-Report-Source")).isEqualTo("published");
        assertThat(fresh.body()).isEqualTo("{\"published\":true}");

        // a later scan (a day from the real now, so after the copy was written) makes the copy stale
        api.context.table().images().update(digest, i -> i.withScan("rescan", java.time.Instant.now()
                .plus(Duration.ofDays(1)), i.dbVersion(), i.analyzerKey(), i.counts()));
        ApiFixture.Response stale = api.call("GET", "/images/" + digest + "/report").query("format", "sarif").send();
        assertThat(stale.header("X-Imagescan-Report-Source")).isEqualTo("rendered");
        assertThat(stale.body()).contains("\"2.1.0\"");
    }

    @Test
    void anUnknownFormatListsTheAllowedOnes() {
        String digest = api.scanApp(1);

        assertError(api.call("GET", "/images/" + digest + "/report").query("format", "pdf").send(), 400,
                "unknown report format 'pdf' (allowed: json, sarif, cyclonedx, html)");
    }

    @Test
    void aRenderingTooLargeForALambdaResponseWithNothingPublishedIsA413() {
        String digest = api.scanApp(1);
        api.limitResponsesTo(2000);
        String dbVersion = ApiFixture.DB.info().digest();

        for (String format : new String[] {"html", "sarif", "cyclonedx"}) {
            for (String redirect : new String[] {"false", "true"}) {
                ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", format)
                        .query("redirect", redirect).send();
                assertError(r, 413, "the " + format + " report is over 2000 bytes, more than a Lambda response "
                        + "carries (2000), and it is not published yet");
                assertThat(r.message()).contains(StoreKeys.reportPrefix(digest) + "latest/report.")
                        .contains("retry once the publish function has written it").contains("format=json");
                assertThat(r.header("X-Imagescan-Object")).isEqualTo("s3://" + api.stack.bucket() + "/"
                        + StoreKeys.imageReport(digest, dbVersion));
                assertThat(r.header("Location")).isNull();
            }
        }
    }

    @Test
    void anImageWithoutAScanResultHasNoReport() {
        String digest = "sha256:" + "d".repeat(64);
        api.context.table().images().update(digest, i -> i.withSource("example.com/x", java.util.List.of(), null));

        assertError(api.get("/images/" + digest + "/report"), 404, "has no scan result yet");
        assertError(api.get("/images/" + digest + "/verdict"), 404, "has no scan result yet");
        assertThat(api.get("/images/" + digest).json().get("links").get("report").isNull()).isTrue();
    }

    private String stored(String key) throws IOException {
        try (InputStream in = api.context.store().get(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
