package dev.imagescan.functions.api;

import static dev.imagescan.functions.api.ScanRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code GET/PUT /policy} and {@code GET /images/{digest}/verdict} with the real policy store. */
class PolicyAndVerdictTest {
    private static final String BLOCK_MEDIUM = "{\"version\":\"strict-1\",\"blockAt\":\"Medium\"}";

    private final ApiFixture api = new ApiFixture();

    @Test
    void withNoPolicyStoredTheDefaultIsShownAtRevisionZero() {
        ApiFixture.Response r = api.get("/policy");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"0\"");
        assertThat(r.header("X-Imagescan-Policy-Version")).isEqualTo("default");
        assertThat(r.header("X-Imagescan-Policy-Default")).isEqualTo("true");
        assertThat(r.json().get("blockAt").asText()).isEqualTo("High");
        assertThat(r.json().get("onlyFixable").asBoolean()).isTrue();
    }

    @Test
    void aPutPolicyIsServedAsStoredWithItsRevision() {
        String document = "{ \"version\": 7,\n  \"blockAt\": \"Low\" }\n";

        ApiFixture.Response put = api.call("PUT", "/policy").json(document).header("If-Match", "\"0\"").send();

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("revision").asLong()).isEqualTo(1);
        assertThat(put.json().get("version").asText()).isEqualTo("7");
        assertThat(put.header("ETag")).isEqualTo("\"1\"");
        ApiFixture.Response get = api.get("/policy");
        assertThat(get.body()).isEqualTo(document);
        assertThat(get.header("ETag")).isEqualTo("\"1\"");
        assertThat(get.header("X-Imagescan-Policy-Version")).isEqualTo("7");
        assertThat(get.header("X-Imagescan-Policy-Default")).isEqualTo("false");

        ApiFixture.Response again = api.putJson("/policy", document);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("revision").asLong()).as("the same document stores nothing").isEqualTo(1);
        ApiFixture.Response next = api.call("PUT", "/policy").json("{\"version\":8}").header("If-Match", "\"1\"")
                .send();
        assertThat(next.json().get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void policyMistakesAreClientErrors() {
        assertThat(api.putJson("/policy", BLOCK_MEDIUM).status()).isEqualTo(200);

        ApiFixture.Response invalid = api.putJson("/policy", "{\"version\":2,\"blockAt\":\"high\"}");
        assertError(invalid, 400, "policy /blockAt: unknown level \"high\"");
        assertThat(invalid.error()).isEqualTo("invalid policy");
        assertError(api.putJson("/policy", "{\"version\":2,\"allow\":[{\"id\":\"CVE-1\",\"expires\":\"2027-01-01\"}]}"),
                400, "policy /allow/0/reason: missing");
        assertError(api.putJson("/policy", "{\"version\":2,"), 400, "not JSON");
        assertError(api.call("PUT", "/policy").json("{\"version\":2}").header("If-Match", "\"0\"").send(), 412,
                "revision");
        assertError(api.call("PUT", "/policy").json("{\"version\":2}").header("If-Match", "1").send(), 400,
                "If-Match must be");
        assertError(api.putJson("/policy", "{\"version\":\"strict-1\",\"blockAt\":\"Low\"}"), 409,
                "strict-1 is already stored");
        assertThat(api.putJson("/policy", "{\"version\":\"strict-2\"}").status()).isEqualTo(200);
        assertError(api.putJson("/policy", "{\"version\":\"strict-1\",\"blockAt\":\"Low\"}"), 409,
                "strict-1 is already stored (revision 1)");
        assertError(api.call("PUT", "/policy").header("content-type", "application/yaml").body("version: 3").send(),
                415, "application/json");
        assertError(api.putJson("/policy", "{\"version\":\"x\",\"pad\":\"" + "x".repeat(ApiHandler.MAX_REQUEST_BYTES)
                + "\"}"), 413, "request body");
        assertThat(api.get("/policy").header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void theVerdictFlipsWhenAPolicyBlockingMediumIsPut() {
        String digest = api.scanApp(1);

        ApiFixture.Response allowed = api.get("/images/" + digest.replace(":", "%3A") + "/verdict");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("X-Imagescan-Verdict")).isEqualTo("ALLOWED");
        assertThat(allowed.header("X-Imagescan-Policy-Version")).isEqualTo("default");
        assertThat(allowed.json().get("decision").asText()).isEqualTo("ALLOWED");
        assertThat(allowed.json().get("evaluatedAt").asText()).isEqualTo("2026-11-27T12:00:00Z");

        assertThat(api.putJson("/policy", BLOCK_MEDIUM).status()).isEqualTo(200);
        ApiFixture.Response blocked = api.get("/images/" + digest + "/verdict");

        assertThat(blocked.status()).isEqualTo(200);
        assertThat(blocked.header("X-Imagescan-Verdict")).isEqualTo("BLOCKED");
        JsonNode body = blocked.json();
        assertThat(body.get("decision").asText()).isEqualTo("BLOCKED");
        assertThat(body.get("policyVersion").asText()).isEqualTo("strict-1");
        assertThat(body.get("reasons").get(0).get("findings").get(0).get("id").asText()).isEqualTo("CVE-2026-1001");
        assertThat(api.context.table().images().get(digest).orElseThrow().verdict()).as("a GET writes nothing")
                .isEqualTo("ALLOWED");
    }

    @Test
    void anAllowListEntryThatExpiredYesterdayNoLongerWaives() {
        String digest = api.scanApp(1);
        String waiver = "{\"id\":\"CVE-2026-1001\",\"reason\":\"not reachable\",\"expires\":\"%s\"}";
        api.putJson("/policy", "{\"version\":1,\"blockAt\":\"Medium\",\"allow\":[" + waiver.formatted("2026-11-28")
                + "]}");
        assertThat(api.get("/images/" + digest + "/verdict").header("X-Imagescan-Verdict")).isEqualTo("ALLOWED");

        api.putJson("/policy", "{\"version\":2,\"blockAt\":\"Medium\",\"allow\":[" + waiver.formatted("2026-11-26")
                + "]}");
        ApiFixture.Response r = api.get("/images/" + digest + "/verdict");

        assertThat(r.header("X-Imagescan-Verdict")).isEqualTo("BLOCKED");
        assertThat(r.json().get("expired").get(0).get("message").asText()).isEqualTo("expired on 2026-11-26");
    }

    @Test
    void noVerdictForAnImageNeverScanned() {
        assertError(api.get("/images/sha256%3A" + "c".repeat(64) + "/verdict"), 404, "no image");
        assertError(api.get("/images/sha256-abc/verdict"), 400, "sha256:<64 hex>");
    }
}
