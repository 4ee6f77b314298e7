package dev.imagescan.registry;

import dev.imagescan.image.Digest;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.ImageFormatException;
import dev.imagescan.image.ManifestImages;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.UnsupportedMediaTypeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Fetches manifests by tag or digest, negotiating the kinds this scanner reads: OCI image indexes and manifests, Docker
 * v2 schema 2 manifest lists and manifests. Docker's schema 1 manifests (deprecated since 2017, with no image config
 * and so no diffIDs) are refused with a message saying so. A manifest fetched by digest must have that digest; one
 * fetched by tag gets the digest of its bytes, which must agree with the registry's {@code Docker-Content-Digest}.
 * At most {@link ManifestImages#MAX_JSON_BYTES} are read.
 */
final class ManifestFetcher {
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
    private static final Set<String> SCHEMA1 = Set.of("application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");

    private final RegistryTransport transport;
    private final ImageReference reference;
    private final FetchCounter counter;

    ManifestFetcher(RegistryTransport transport, ImageReference reference, FetchCounter counter) {
        this.transport = transport;
        this.reference = reference;
        this.counter = counter;
    }

    /** The manifest or index {@code ref} (a tag or a digest) names in the reference's repository. */
    FetchedManifest fetch(String ref) throws IOException {
        String what = reference.repositoryName() + (ref.contains(":") ? "@" : ":") + ref;
        HttpAnswer response = transport.get("/v2/" + reference.repository() + "/manifests/" + ref,
                ACCEPT, RegistryImageSource.scope(reference));
        RegistryResponses.requireOk(response, what, transport);
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(ManifestImages.MAX_JSON_BYTES + 1);
        }
        counter.add(bytes.length);
        if (bytes.length > ManifestImages.MAX_JSON_BYTES) {
            throw new ImageFormatException(what + ": the manifest is larger than " + ManifestImages.MAX_JSON_BYTES
                    + " bytes");
        }
        String mediaType = response.header("Content-Type")
                .map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        if (SCHEMA1.contains(mediaType) || isSchema1(bytes)) {
            throw new UnsupportedMediaTypeException(what + " is a Docker image manifest v2 schema 1, deprecated "
                    + "since 2017 and not read by this scanner (it has no image config); push the image again with "
                    + "a current docker or skopeo (schema 2 or OCI)");
        }
        Digest digest = verify(what, ref, bytes, response.header("Docker-Content-Digest").orElse(null));
        if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isManifest(mediaType)) {
            mediaType = declaredMediaType(bytes, what);
        }
        return new FetchedManifest(mediaType, bytes, digest);
    }

    private static Digest verify(String what, String ref, byte[] bytes, String headerDigest) {
        if (ref.contains(":")) {
            Digest wanted = Digest.parse(ref);
            Digest actual = Digest.of(wanted.algorithm(), wanted.newHasher().digest(bytes));
            if (!actual.equals(wanted)) {
                throw new DigestMismatchException(what + ": the registry served a manifest whose digest is "
                        + actual);
            }
            return wanted;
        }
        Digest actual = Digest.sha256Of(bytes);
        if (headerDigest != null && headerDigest.startsWith("sha256:") && !headerDigest.equals(actual.toString())) {
            throw new DigestMismatchException(what + ": the registry says the manifest is " + headerDigest
                    + " but its bytes are " + actual);
        }
        return actual;
    }

    /** The media type a manifest declares in itself, when the Content-Type did not say (old registries). */
    private static String declaredMediaType(byte[] bytes, String what) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        if (text.contains("\"manifests\"")) {
            String declared = ManifestImages.index(bytes, what).mediaType();
            return declared != null ? declared : MediaTypes.OCI_INDEX;
        }
        String declared = ManifestImages.manifest(bytes, what).mediaType();
        if (declared != null && !MediaTypes.isManifest(declared)) {
            throw new UnsupportedMediaTypeException(what + " has media type " + declared
                    + ", not an image manifest or index");
        }
        return declared != null ? declared : MediaTypes.OCI_MANIFEST;
    }

    private static boolean isSchema1(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
        return head.matches("(?s).*\"schemaVersion\"\\s*:\\s*1\\s*[,}].*");
    }
}
