package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.image.Digest;
import dev.imagescan.image.ImageFormatException;
import dev.imagescan.image.ManifestImages;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.ManifestTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An OCI artifact in a registry that is not a container image, such as the vulnerability database
 * (docs/vulndb-format.md#as-an-oci-artifact): its manifest, fetched through the same transport, credentials and
 * retries as images and checked against its digest, and its blobs, streamed one GET each and never past the size
 * their descriptor gives (one byte more, so that a longer blob fails the caller's check). The caller verifies each
 * blob's digest as it stores it. Images are read with {@link RegistryImageSource} instead.
 */
public final class RegistryArtifact {
    private final ImageReference reference;
    private final RegistryClient client;

    RegistryArtifact(ImageReference reference, RegistryClient client) {
        this.reference = reference;
        this.client = client;
    }

    /**
     * An artifact's manifest.
     *
     * @param digest       the manifest's digest (the one asked for, or that of the bytes the tag served)
     * @param artifactType the manifest's {@code artifactType}; null when it has none
     * @param configType   its config's media type (how artifacts were told apart before OCI 1.1)
     * @param layers       its layers (the artifact's files), in order
     */
    public record Manifest(Digest digest, String artifactType, String configType, List<DescriptorTemplate> layers) {}

    /** The reference this artifact is read from. */
    public ImageReference reference() {
        return reference;
    }

    /**
     * Fetches the manifest the reference names (by tag or digest). An index is refused: an artifact is one
     * manifest.
     */
    public Manifest manifest() throws IOException {
        RegistryTransport transport = client.transport(reference);
        FetchedManifest fetched = new ManifestFetcher(transport, reference, client.counter())
                .fetch(reference.manifestReference());
        String what = reference + " manifest " + fetched.digest().shortForm();
        if (MediaTypes.isIndex(fetched.mediaType())) {
            throw new ImageFormatException(reference + " is an image index (" + fetched.mediaType()
                    + "), not a single artifact");
        }
        ManifestTemplate manifest = ManifestImages.manifest(fetched.bytes(), what);
        Object artifactType;
        try {
            Map<String, Object> json = JSON.std.mapFrom(fetched.bytes());
            artifactType = json.get("artifactType");
        } catch (IOException e) {
            throw new ImageFormatException(what + " is not valid JSON", e);
        }
        if (artifactType != null && !(artifactType instanceof String)) {
            throw new ImageFormatException(what + ": artifactType is not a string");
        }
        return new Manifest(fetched.digest(), (String) artifactType, manifest.config().mediaType(),
                manifest.layers());
    }

    /**
     * Opens the blob {@code digest} of the artifact's repository, read to at most {@code size} + 1 bytes
     * ({@code size} negative: unbounded). A refusal (401, 403, 404) is a {@link RegistryException}; a failure that
     * may pass later an {@link java.io.UncheckedIOException}.
     */
    public InputStream openBlob(Digest digest, long size) {
        String path = ManifestImages.blobPath(digest);
        return new RegistryBlobStore(client.transport(reference), reference, Map.of(path, size), client.counter())
                .open(path);
    }
}
