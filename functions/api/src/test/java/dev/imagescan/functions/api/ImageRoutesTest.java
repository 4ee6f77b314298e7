package dev.imagescan.functions.api;

import static dev.imagescan.functions.api.ScanRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /images} and {@code GET /images/{digest}} against the local servers. */
class ImageRoutesTest {
    private final ApiFixture api = new ApiFixture();

    @Test
    void imagesArePagedWithATokenUntilTheLastPage() {
        Set<String> scanned = Set.of(api.scanApp(1), api.scanApp(2), api.scanApp(3));

        Set<String> seen = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            ApiFixture.Call call = api.call("GET", "/images").query("limit", "2");
            if (next != null) {
                call.query("next", next);
            }
            ApiFixture.Response r = call.send();
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("images").size()).isLessThanOrEqualTo(2);
            for (JsonNode image : body.get("images")) {
                seen.add(image.get("digest").asText());
                assertThat(image.get("links").get("self").asText())
                        .isEqualTo("/images/" + image.get("digest").asText());
                assertThat(image.get("counts").get("total").asInt()).isEqualTo(2);
                assertThat(image.get("repository").asText()).startsWith("example.com/team/app");
            }
            next = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (next != null && pages < 20);

        assertThat(seen).isEqualTo(scanned);
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badLimitsAndTokensAreClientErrors() {
        for (String limit : new String[] {"0", "-1", "1001", "ten", "", "1,2"}) {
            assertError(api.call("GET", "/images").query("limit", limit).send(), 400, "limit must be");
        }
        assertError(api.call("GET", "/images").query("next", "bm90LWEtdG9rZW4").send(), 400, "malformed page token");
        assertError(api.call("GET", "/images").query("next", "").send(), 400, "page token");
    }

    @Test
    void oneImageByAnEncodedOrPlainDigest() {
        String digest = api.scanApp(1);

        for (String path : new String[] {"/images/" + digest, "/images/" + digest.replace(":", "%3A"),
                "/images/" + digest.replace(":", "%3a")}) {
            ApiFixture.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("digest").asText()).isEqualTo(digest);
            assertThat(body.get("repository").asText()).isEqualTo("example.com/team/app1");
            assertThat(body.get("tags").get(0).asText()).isEqualTo("1.1");
            assertThat(body.get("sourceKey").asText()).isEqualTo("incoming/app1.tar");
            assertThat(body.get("dbVersion").asText()).isEqualTo(ApiFixture.DB.info().digest());
            assertThat(body.get("lastScanAt").asText()).isEqualTo("2026-11-27T12:00:00Z");
            assertThat(body.get("counts").get("Medium").asInt()).isEqualTo(1);
            assertThat(body.get("verdict").asText()).as("judged by the default policy when scanned")
                    .isEqualTo("ALLOWED");
            assertThat(body.get("policyVersion").asText()).isEqualTo("default");
            JsonNode links = body.get("links");
            assertThat(links.get("report").asText()).isEqualTo("/images/" + digest + "/report");
            assertThat(links.get("verdict").asText()).isEqualTo("/images/" + digest + "/verdict");
            assertThat(links.get("lastScan").asText()).isEqualTo("/scans/" + body.get("lastScanId").asText());
        }
    }

    @Test
    void unknownAndMalformedDigests() {
        assertError(api.get("/images/sha256%3A" + "b".repeat(64)), 404, "no image sha256:bbbb");
        assertError(api.get("/images/sha256%3ABBBB"), 400, "sha256:<64 hex>");
        assertError(api.get("/images/latest"), 400, "not 'latest'");
        assertError(api.get("/images/sha256%3A" + "b".repeat(64) + "/verdict"), 404, "no image");
        assertError(api.get("/images/sha256%3A" + "b".repeat(64) + "/report"), 404, "no image");
    }
}
