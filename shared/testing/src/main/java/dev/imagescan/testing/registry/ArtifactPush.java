package dev.imagescan.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Json;
import dev.imagescan.testing.TarContents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;

/**
 * Pushes an OCI artifact, or a built image, to a test registry through the distribution API, as ORAS does: each blob
 * with a monolithic upload ({@code POST /v2/REPO/blobs/uploads/}, then {@code PUT LOCATION?digest=…}), then the
 * manifest ({@code PUT /v2/REPO/manifests/TAG}). Anonymous or with Basic credentials, plain http. An image pushed
 * this way keeps its manifest's bytes, so its digest is the built one (no process started, unlike skopeo).
 */
public final class ArtifactPush {
    /** The OCI 1.1 empty descriptor's content ({@code application/vnd.oci.empty.v1+json}). */
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String repository;
    private final String authorization;

    /** Pushes to {@code repository} of the registry at {@code host} ({@code 127.0.0.1:PORT}). */
    public ArtifactPush(String host, String repository) {
        this(host, repository, null, null);
    }

    /** Pushes with Basic credentials (a registry with htpasswd auth); null {@code user}: anonymous. */
    public ArtifactPush(String host, String repository, String user, String password) {
        this.base = "http://" + host;
        this.repository = repository;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Pushes {@code image}'s layers, config and manifest (its bytes as built) under {@code tag}; its digest. */
    public String image(String tag, BuiltImage image) throws IOException {
        for (BuiltLayer layer : image.layers()) {
            blob(layer.blob());
        }
        blob(image.config());
        return manifest(tag, image.manifestMediaType(), new String(image.manifest(), StandardCharsets.UTF_8));
    }

    /**
     * Pushes the image of an OCI archive (its index's first manifest) under {@code tag}, every blob and the manifest
     * byte for byte (as {@code skopeo copy --format oci} does when nothing needs converting); its digest.
     */
    public String ociArchive(String tag, Path archive) throws IOException {
        Map<String, byte[]> files = TarContents.readAll(archive);
        JsonNode descriptor = Json.parse(files.get("index.json")).path("manifests").get(0);
        byte[] manifest = files.get("blobs/" + descriptor.path("digest").asText().replace(':', '/'));
        JsonNode parsed = Json.parse(manifest);
        List<JsonNode> blobs = new ArrayList<>();
        parsed.path("layers").forEach(blobs::add);
        blobs.add(parsed.path("config"));
        for (JsonNode blob : blobs) {
            blob(files.get("blobs/" + blob.path("digest").asText().replace(':', '/')));
        }
        String mediaType = parsed.path("mediaType").asText(descriptor.path("mediaType").asText());
        return manifest(tag, mediaType, new String(manifest, StandardCharsets.UTF_8));
    }

    /** Uploads {@code bytes} as a blob; returns its digest, {@code sha256:HEX}. */
    public String blob(byte[] bytes) throws IOException {
        String digest = sha256(bytes);
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "starting an upload");
        URI location = URI.create(base + "/").resolve(started.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("no Location after starting an upload")));
        String separator = location.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(done, 201, "uploading " + digest);
        return digest;
    }

    /** Puts {@code manifest} (of {@code mediaType}) under {@code tag}; returns its digest. */
    public String manifest(String tag, String mediaType, String manifest) throws IOException {
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/manifests/" + tag)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
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

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
