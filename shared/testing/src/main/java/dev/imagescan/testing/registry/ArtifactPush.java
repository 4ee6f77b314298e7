package dev.imagescan.testing.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Pushes an OCI artifact to a test registry through the distribution API, as ORAS does: each blob with a monolithic
 * upload ({@code POST /v2/REPO/blobs/uploads/}, then {@code PUT LOCATION?digest=…}), then the manifest
 * ({@code PUT /v2/REPO/manifests/TAG}). Anonymous, plain http.
 */
public final class ArtifactPush {
    /** The OCI 1.1 empty descriptor's content ({@code application/vnd.oci.empty.v1+json}). */
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String repository;

    /** Pushes to {@code repository} of the registry at {@code host} ({@code 127.0.0.1:PORT}). */
    public ArtifactPush(String host, String repository) {
        this.base = "http://" + host;
        this.repository = repository;
    }

    /** Uploads {@code bytes} as a blob; returns its digest, {@code sha256:HEX}. */
    public String blob(byte[] bytes) throws IOException {
        String digest = sha256(bytes);
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build());
        expect(started, 202, "starting an upload");
        URI location = URI.create(base + "/").resolve(started.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("no Location after starting an upload")));
        String separator = location.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        expect(done, 201, "uploading " + digest);
        return digest;
    }

    /** Puts {@code manifest} (of {@code mediaType}) under {@code tag}; returns its digest. */
    public String manifest(String tag, String mediaType, String manifest) throws IOException {
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/manifests/" + tag)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        expect(put, 201, "putting the manifest " + tag);
        return sha256(bytes);
    }

    /** {@code sha256:HEX} of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
