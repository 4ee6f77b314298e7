package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of source: what it hands over, in which order, under which names, and what it refuses. */
class OsvSourcesTest {
    @TempDir
    Path dir;

    /** The test servers are plain http on loopback, as a local mirror would be. */
    private static final OsvLimits HTTP = OsvLimits.DEFAULT.withPlainHttp(true);

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void singleJsonFile() throws IOException {
        Path file = Files.write(dir.resolve("DSA.json"), OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"));
        OsvSource source = OsvSources.of(file.toString());

        assertThat(source.name()).isEqualTo("DSA.json");
        assertThat(documents(source)).containsOnlyKeys("DSA.json")
                .containsValue(new String(OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"), StandardCharsets.UTF_8));
    }

    @Test
    void directoryRecursivelyInPathOrderJsonOnly() throws IOException {
        Path tree = OsvFixtures.copyTo(dir.resolve("osv"));
        OsvSource source = OsvSources.of(tree.toString());

        assertThat(source.name()).isEqualTo("osv/");
        assertThat(documents(source).keySet()).containsExactly("osv/ALPINE-CVE-2024-0853.json",
                "osv/DEBIAN-CVE-2024-0727.json", "osv/RHSA-2024-1234.json", "osv/UBUNTU-CVE-2024-3094.json",
                "osv/nested/ALSA-2024-0001.json", "osv/nested/RLSA-2023-0001.json");
    }

    @Test
    void zipEntriesStreamedInArchiveOrderWhateverTheFileName() throws IOException {
        Path zip = zip(dir.resolve("osv-export.bin"), "b.json", "{}", "a/", "", "a/c.JSON", "[]",
                "notes.txt", "ignored");
        OsvSource source = OsvSources.of(zip.toString());

        assertThat(source.name()).isEqualTo("osv-export.bin");
        assertThat(documents(source)).containsExactly(Map.entry("osv-export.bin!/b.json", "{}"),
                Map.entry("osv-export.bin!/a/c.JSON", "[]"));
    }

    @Test
    void zipEntryOverTheDocumentLimitIsRefusedWhateverItsHeaderSays() throws IOException {
        Path zip = zip(dir.resolve("bomb.zip"), "small.json", "{}", "big.json", "x".repeat(5000));
        OsvSource source = OsvSources.of(zip.toString(), OsvLimits.DEFAULT.withMaxDocumentBytes(1000));

        assertThatThrownBy(() -> documents(source)).isInstanceOf(OsvFormatException.class)
                .hasMessage("bomb.zip!/big.json: larger than 1000 bytes");
    }

    @Test
    void zipInflatingPastTheTotalLimitIsRefused() throws IOException {
        Object[] entries = new Object[20];
        for (int i = 0; i < 10; i++) {
            entries[2 * i] = i + ".json";
            entries[2 * i + 1] = "y".repeat(900);
        }
        Path zip = zip(dir.resolve("many.zip"), entries);
        OsvSource source = OsvSources.of(zip.toString(),
                OsvLimits.DEFAULT.withMaxDocumentBytes(1000).withMaxArchiveBytes(4000));

        assertThatThrownBy(() -> documents(source)).isInstanceOf(OsvFormatException.class)
                .hasMessage("many.zip: inflates to more than 4000 bytes");
    }

    @Test
    void zipWithTooManyEntriesIsRefused() throws IOException {
        Path zip = zip(dir.resolve("entries.zip"), "1.json", "{}", "2.txt", "", "3.json", "{}");
        OsvSource source = OsvSources.of(zip.toString(), OsvLimits.DEFAULT.withMaxArchiveEntries(2));

        assertThatThrownBy(() -> documents(source)).isInstanceOf(OsvFormatException.class)
                .hasMessage("entries.zip: more than 2 entries");
    }

    @Test
    void truncatedZipIsRefused() throws IOException {
        Path zip = zip(dir.resolve("all.zip"), "a.json", "{\"id\": \"x\"}".repeat(50));
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> documents(OsvSources.of(zip.toString()))).isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith("all.zip: not a readable zip archive (");
    }

    @Test
    void corruptDeflateDataIsRefusedNamingTheEntry() throws IOException {
        String text = "{\"id\": \"CVE-2024-1\", \"details\": \"" + "abcdefgh".repeat(400) + "\"}";
        Path zip = zip(dir.resolve("all.zip"), "CVE-2024-1.json", text);
        byte[] bytes = Files.readAllBytes(zip);
        int data = 30 + "CVE-2024-1.json".length();
        for (int i = data + 2; i < data + 40; i++) {
            bytes[i] = (byte) 0xFF;
        }
        Files.write(zip, bytes);

        assertThatThrownBy(() -> documents(OsvSources.of(zip.toString()))).isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith("all.zip!/CVE-2024-1.json: corrupt zip entry (");
    }

    @Test
    void missingPathIsNoSuchFile() {
        assertThatThrownBy(() -> OsvSources.of(dir.resolve("absent.zip").toString()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent.zip");
    }

    @Test
    void urlOfAZipIsDownloadedAndReadAsAZip() throws IOException {
        byte[] zip = Files.readAllBytes(zip(dir.resolve("served.zip"),
                "DEBIAN-CVE-2024-0727.json", new String(OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"),
                        StandardCharsets.UTF_8)));
        String base = serve("/osv/all.zip", 200, zip);
        OsvSource source = OsvSources.of(base + "/osv/all.zip?X-Amz-Signature=secret", HTTP);

        assertThat(source.name()).isEqualTo(base + "/osv/all.zip");
        Map<String, String> documents = documents(source);
        assertThat(documents).containsOnlyKeys(base + "/osv/all.zip!/DEBIAN-CVE-2024-0727.json");
        assertThat(new OsvParser().parse(documents.values().iterator().next().getBytes(StandardCharsets.UTF_8),
                "x").advisory().id()).isEqualTo("DEBIAN-CVE-2024-0727");
    }

    @Test
    void urlOfAJsonDocumentIsOneDocument() throws IOException {
        String base = serve("/UBUNTU-CVE-2024-3094.json", 200, OsvFixtures.bytes("UBUNTU-CVE-2024-3094.json"));

        assertThat(documents(OsvSources.of(base + "/UBUNTU-CVE-2024-3094.json", HTTP)))
                .containsOnlyKeys(base + "/UBUNTU-CVE-2024-3094.json");
    }

    @Test
    void urlNotFoundIsAnErrorNamingUrlAndStatus() throws IOException {
        String base = serve("/osv/all.zip", 200, new byte[0]);

        assertThatThrownBy(() -> documents(OsvSources.of(base + "/osv/missing.zip", HTTP)))
                .isInstanceOf(IOException.class)
                .hasMessage(base + "/osv/missing.zip: HTTP status 404 (expected 200)");
    }

    @Test
    void urlOfACorruptZipIsRefused() throws IOException {
        byte[] zip = Files.readAllBytes(zip(dir.resolve("c.zip"), "a.json", "{}".repeat(100)));
        String base = serve("/all.zip", 200, Arrays.copyOf(zip, zip.length - 30));

        assertThatThrownBy(() -> documents(OsvSources.of(base + "/all.zip", HTTP)))
                .isInstanceOf(OsvFormatException.class)
                .hasMessageStartingWith(base + "/all.zip: not a readable zip archive");
    }

    @Test
    void downloadOverItsCapIsRefused() throws IOException {
        String base = serve("/all.zip", 200, new byte[100_000]);
        OsvSource source = OsvSources.of(base + "/all.zip", HTTP.withMaxDownloadBytes(10_000));

        assertThatThrownBy(() -> documents(source)).isInstanceOf(OsvFormatException.class)
                .hasMessage(base + "/all.zip: larger than 10000 bytes");
    }

    @Test
    void stalledDownloadTimesOut() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[10]);
                out.flush();
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up, as it should
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
        OsvSource source = OsvSources.of(url, HTTP.withTimeouts(Duration.ofSeconds(5),
                Duration.ofMillis(500)));

        assertThatThrownBy(() -> documents(source)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(url + ": download ");
    }

    @Test
    void malformedUrlsAreRefused() {
        assertThatThrownBy(() -> OsvSources.of("https://exa mple.org/all.zip")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> OsvSources.of("https:///all.zip")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a URL with a host");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> OsvSources.of("http://user:pw@127.0.0.1:1/osv/all.zip?X-Amz-Signature=secret"))
                .isInstanceOf(OsvFormatException.class)
                .hasMessage("http://127.0.0.1:1/osv/all.zip: plain http is refused; use https (plain http is for a"
                        + " local mirror, when allowed)");
    }

    @Test
    void aRedirectOnTheFeedsOwnServerIsFollowed() throws IOException {
        String base = serveRedirects(Map.of("/moved", "/UBUNTU-CVE-2024-3094.json"));

        assertThat(documents(OsvSources.of(base + "/moved", HTTP))).hasSize(1);
    }

    @Test
    void redirectsToNonPublicAddressesOrOtherSchemesAreRefusedBeforeAnyRequest() throws IOException {
        String base = serveRedirects(Map.of(
                "/metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "/other-loopback", "http://127.0.0.2:8080/all.zip",
                "/private", "https://10.1.2.3/all.zip",
                "/file", "file:///etc/passwd"));

        assertThatThrownBy(() -> documents(OsvSources.of(base + "/metadata", HTTP))).isInstanceOf(IOException.class)
                .hasMessage(base + "/metadata: refused a redirect to 169.254.169.254 (169.254.169.254, a link-local"
                        + " address)");
        assertThatThrownBy(() -> documents(OsvSources.of(base + "/other-loopback", HTTP)))
                .hasMessageContaining("127.0.0.2 (127.0.0.2, a loopback address)");
        assertThatThrownBy(() -> documents(OsvSources.of(base + "/private", HTTP)))
                .hasMessageContaining("10.1.2.3 (10.1.2.3, a private address)");
        assertThatThrownBy(() -> documents(OsvSources.of(base + "/file", HTTP)))
                .hasMessage(base + "/file: refused a redirect to a file URL (https only, or http)");
        URI feed = URI.create("https://feeds.example/osv/all.zip");
        assertThatThrownBy(() -> RedirectGuard.next(feed, feed, "http://feeds.example/osv/all.zip", false, "feed"))
                .isInstanceOf(IOException.class).hasMessage("feed: refused a redirect to a http URL (https only)");
        assertThat(RedirectGuard.next(feed, feed, "/osv/v2/all.zip", false, "feed"))
                .isEqualTo(URI.create("https://feeds.example/osv/v2/all.zip"));
    }

    @Test
    void aRedirectLoopEndsAfterFiveHops() throws IOException {
        String base = serveRedirects(Map.of("/loop", "/loop"));

        assertThatThrownBy(() -> documents(OsvSources.of(base + "/loop", HTTP))).isInstanceOf(IOException.class)
                .hasMessage(base + "/loop: more than 5 redirects");
    }

    @Test
    void whatCountsAsAPublicAddress() throws IOException {
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("93.184.215.14"))).isNull();
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("2606:4700::1111"))).isNull();
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("127.0.0.1"))).isEqualTo("loopback");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("::1"))).isEqualTo("loopback");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("169.254.169.254"))).isEqualTo("link-local");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("fe80::1"))).isEqualTo("link-local");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("192.168.1.1"))).isEqualTo("private");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("172.20.0.1"))).isEqualTo("private");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("fd00::1"))).isEqualTo("private");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("100.64.0.1"))).isEqualTo("reserved or shared");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("0.0.0.0"))).isEqualTo("unspecified");
        assertThat(RedirectGuard.nonPublic(InetAddress.getByName("224.0.0.1"))).isEqualTo("multicast");
    }

    /** Serves the OSV fixture at its name and a 302 to each map value at its key, on loopback. */
    private String serveRedirects(Map<String, String> redirects) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String location = redirects.get(path);
            byte[] body = location == null && path.equals("/UBUNTU-CVE-2024-3094.json")
                    ? OsvFixtures.bytes("UBUNTU-CVE-2024-3094.json") : new byte[0];
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(location != null ? 302 : body.length > 0 ? 200 : 404,
                    body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code body} at {@code path} on loopback (404 elsewhere); returns {@code http://127.0.0.1:PORT}. */
    private String serve(String path, int status, byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals(path);
            byte[] response = found ? body : "not found".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(found ? status : 404, response.length == 0 ? -1 : response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every document of a source, by name, in the order handed over. */
    static Map<String, String> documents(OsvSource source) throws IOException {
        Map<String, String> documents = new LinkedHashMap<>();
        source.documents().read((name, json) -> documents.put(name, new String(json, StandardCharsets.UTF_8)));
        return documents;
    }

    /** A zip of {@code name, content} pairs in that order (a name ending in / is a directory). */
    static Path zip(Path file, Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            List<Object> list = new ArrayList<>(List.of(entries));
            for (int i = 0; i < list.size(); i += 2) {
                out.putNextEntry(new ZipEntry((String) list.get(i)));
                out.write(((String) list.get(i + 1)).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return Files.write(file, bytes.toByteArray());
    }
}
