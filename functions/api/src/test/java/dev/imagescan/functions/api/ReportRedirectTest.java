package dev.imagescan.functions.api;

import static dev.imagescan.functions.api.ScanRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reports served by redirect: {@code 303 See Other} to a presigned S3 URL, fetched here with a plain HTTP client
 * (no credentials) from the local S3 server, which checks the SigV4 query signature and its expiry.
 */
class ReportRedirectTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ApiFixture api = new ApiFixture();

    @Test
    void aStoredJsonReportTooLargeForAResponseIsRedirectedToItsPresignedUrl() throws Exception {
        String digest = api.scanApp(1);
        String key = StoreKeys.imageReport(digest, ApiFixture.DB.info().digest());
        api.limitResponsesTo(2000);
        Instant before = Instant.now();

        ApiFixture.Response r = api.get("/images/" + digest + "/report");

        assertRedirect(r, key, "too large");
        assertThat(r.header("X-Imagescan-Report-Source")).isEqualTo("stored");
        assertThat(r.header("X-Imagescan-Db-Version")).isEqualTo(ApiFixture.DB.info().digest());
        Instant expires = Instant.parse(r.header("X-Imagescan-Link-Expires"));
        assertThat(expires).isBetween(before.plus(PresignedLinks.EXPIRY).minusSeconds(2),
                Instant.now().plus(PresignedLinks.EXPIRY).plusSeconds(2));
        URI location = URI.create(r.header("Location"));
        assertThat(location.toString()).as("path style, as the S3 client addresses the local server")
                .startsWith(api.stack.aws().s3Endpoint().resolve("/" + api.stack.bucket() + "/").toString());
        assertThat(location.getRawQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Expires=300")
                .contains("X-Amz-Signature=");

        HttpResponse<byte[]> s3 = fetch(location);
        assertThat(s3.statusCode()).isEqualTo(200);
        assertThat(s3.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(s3.body()).isEqualTo(stored(key));
    }

    @Test
    void aPublishedCopyIsRedirectedToWithItsFormatsContentType() throws Exception {
        String digest = api.scanApp(1);
        api.limitResponsesTo(2000);
        // stored as application/json: the URL's response-content-type gives the format's type
        byte[] bom = ("{\"bomFormat\":\"CycloneDX\",\"pad\":\"" + "x".repeat(3000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String key = StoreKeys.reportPrefix(digest) + "latest/report.cdx.json";
        api.context.store().put(key, bom, PutOptions.JSON);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "cyclonedx").send();

        assertRedirect(r, key, "too large");
        assertThat(r.header("X-Imagescan-Report-Source")).isEqualTo("published");
        HttpResponse<byte[]> s3 = fetch(URI.create(r.header("Location")));
        assertThat(s3.statusCode()).isEqualTo(200);
        assertThat(s3.headers().firstValue("Content-Type")).hasValue("application/vnd.cyclonedx+json; version=1.5");
        assertThat(s3.body()).isEqualTo(bom);
    }

    @Test
    void aBodyThatFitsRawButNotOnceEscapedIsRedirected() throws Exception {
        String digest = api.scanApp(1);
        api.limitResponsesTo(2000);
        // 1,500 raw bytes, 2,904 once escaped into the response's JSON string
        String html = "<p>" + "\"\n".repeat(700) + "</p>" + "x".repeat(93);
        assertThat(html.length()).isEqualTo(1500);
        assertThat(ResponseLimit.escapedSize(html)).isEqualTo(2900);
        String key = StoreKeys.reportPrefix(digest) + "latest/report.html";
        api.context.store().put(key, html.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "html").send();

        assertRedirect(r, key, "too large");
        HttpResponse<byte[]> s3 = fetch(URI.create(r.header("Location")));
        // S3Proxy's Jetty writes the charset parameter without the space (S3 itself answers the value verbatim)
        assertThat(s3.headers().firstValue("Content-Type").map(t -> t.replace(";charset", "; charset")))
                .hasValue("text/html; charset=utf-8");
        assertThat(new String(s3.body(), StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    void aReportOverLambdasSixMegabytesIsRedirectedUnderTheRealLimit() throws Exception {
        String digest = api.scanApp(1);
        byte[] sarif = new byte[7 * 1024 * 1024];
        Arrays.fill(sarif, (byte) 'a');
        sarif[0] = '"';
        sarif[sarif.length - 1] = '"';
        String key = StoreKeys.reportPrefix(digest) + "latest/report.sarif";
        api.context.store().put(key, sarif, PutOptions.JSON);

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("format", "sarif").send();

        assertRedirect(r, key, "too large");
        assertThat(r.json().get("size").asLong()).isEqualTo(sarif.length);
        HttpResponse<byte[]> s3 = fetch(URI.create(r.header("Location")));
        assertThat(s3.statusCode()).isEqualTo(200);
        assertThat(s3.headers().firstValue("Content-Type")).hasValue("application/sarif+json");
        assertThat(s3.body()).isEqualTo(sarif);
    }

    @Test
    void redirectTrueRedirectsASmallReportAndStillRendersWhatIsNotAnObject() throws Exception {
        String digest = api.scanApp(1);
        String key = StoreKeys.imageReport(digest, ApiFixture.DB.info().digest());

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("redirect", "true").send();

        assertRedirect(r, key, "requested");
        assertThat(fetch(URI.create(r.header("Location"))).body()).isEqualTo(stored(key));
        ApiFixture.Response inline = api.call("GET", "/images/" + digest + "/report").query("redirect", "false")
                .send();
        assertThat(inline.status()).isEqualTo(200);
        assertThat(inline.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(stored(key));
        ApiFixture.Response rendered = api.call("GET", "/images/" + digest + "/report").query("format", "sarif")
                .query("redirect", "true").send();
        assertThat(rendered.status()).as("no SARIF object to point at").isEqualTo(200);
        assertThat(rendered.header("X-Imagescan-Report-Source")).isEqualTo("rendered");
        assertThat(rendered.header("Location")).isNull();
        assertError(api.call("GET", "/images/" + digest + "/report").query("redirect", "yes").send(), 400,
                "redirect is true or false, not 'yes'");
    }

    @Test
    void theLocalServerRefusesATamperedUrl() throws Exception {
        String digest = api.scanApp(1);
        String key = StoreKeys.imageReport(digest, ApiFixture.DB.info().digest());
        URI location = URI.create(api.call("GET", "/images/" + digest + "/report").query("redirect", "true").send()
                .header("Location"));
        String url = location.toString();
        assertThat(fetch(location).statusCode()).isEqualTo(200);

        String signature = url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        String flipped = signature.substring(0, signature.length() - 1) + (signature.endsWith("0") ? "1" : "0");
        assertThat(fetch(URI.create(url.replace(signature, flipped))).statusCode()).as("another signature")
                .isEqualTo(403);
        assertThat(fetch(URI.create(url.replace("X-Amz-Expires=300", "X-Amz-Expires=600"))).statusCode())
                .as("a longer expiry").isEqualTo(403);
        assertThat(fetch(URI.create(url.replace("response-content-type=application%2Fjson",
                "response-content-type=text%2Fhtml"))).statusCode()).as("another content type").isEqualTo(403);
        String otherKey = StoreKeys.reportPrefix(digest) + "latest/report.json";
        api.context.store().put(otherKey, stored(key), PutOptions.JSON);
        assertThat(fetch(URI.create(url.replace(location.getRawPath(), "/" + api.stack.bucket() + "/"
                + otherKey.replace(":", "%3A")))).statusCode()).as("another object").isEqualTo(403);
    }

    @Test
    void theLocalServerRefusesAnExpiredUrl() throws Exception {
        String digest = api.scanApp(1);
        api.linksValidFor(Duration.ofSeconds(3));

        ApiFixture.Response r = api.call("GET", "/images/" + digest + "/report").query("redirect", "true").send();
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).contains("X-Amz-Expires=3&");
        assertThat(fetch(URI.create(r.header("Location"))).statusCode()).as("still valid").isEqualTo(200);
        Instant expires = Instant.parse(r.header("X-Imagescan-Link-Expires"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1500);

        HttpResponse<byte[]> s3 = fetch(URI.create(r.header("Location")));
        assertThat(s3.statusCode()).as(new String(s3.body(), StandardCharsets.UTF_8)).isEqualTo(403);
    }

    /** A 303 to a presigned URL of {@code key}, with its headers and JSON body. */
    private void assertRedirect(ApiFixture.Response r, String key, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        String location = r.header("Location");
        assertThat(location).isNotBlank();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Imagescan-Object")).isEqualTo("s3://" + api.stack.bucket() + "/" + key);
        JsonNode body = r.json();
        assertThat(body.get("location").asText()).isEqualTo(location);
        assertThat(body.get("expiresAt").asText()).isEqualTo(r.header("X-Imagescan-Link-Expires"));
        assertThat(body.get("object").asText()).isEqualTo(r.header("X-Imagescan-Object"));
        assertThat(body.get("reason").asText()).isEqualTo(reason);
    }

    private static HttpResponse<byte[]> fetch(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = api.context.store().get(key)) {
            return in.readAllBytes();
        }
    }
}
