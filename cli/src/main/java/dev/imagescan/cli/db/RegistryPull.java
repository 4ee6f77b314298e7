package dev.imagescan.cli.db;

import dev.imagescan.image.Digest;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryArtifact;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryException;
import dev.imagescan.registry.RegistryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Pulls the database published as an OCI artifact (docs/vulndb-format.md#as-an-oci-artifact) with the library's
 * registry client: the manifest the reference names, whose one layer of media type {@link #LAYER_MEDIA_TYPE} is the
 * database file; the layer's digest is the database version. The blob is streamed to a file, its digest and size
 * checked on the way, at most {@link #MAX_BYTES}.
 */
public final class RegistryPull {
    /** The artifact's {@code artifactType} (or, for registries before OCI 1.1, its config's media type). */
    public static final String ARTIFACT_TYPE = "application/vnd.imagescan.vulndb.v1";
    /** The media type of the layer holding the database file (any format version the reader reads). */
    public static final String LAYER_MEDIA_TYPE = "application/vnd.imagescan.vulndb.layer.v1";
    /** The OCI 1.1 empty config, which an artifact without {@code artifactType} may have. */
    static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    /** The largest database accepted, as for a download from a URL. */
    public static final long MAX_BYTES = 1L << 30;

    /** The database layer a manifest names: its digest (the version), its size, and the manifest's digest. */
    public record Located(Digest layer, long size, Digest manifest) {
        /** The database version: {@code sha256:HEX} of the file. */
        public String version() {
            return layer.toString();
        }
    }

    private final ImageReference reference;
    private final RegistryOptions options;

    /**
     * @param reference the repository and tag (or digest) the database is published under
     * @param allowHttp also reach the reference's registry over plain http ({@code --allow-http}); localhost and
     *                  127.0.0.1 always are
     */
    public RegistryPull(ImageReference reference, boolean allowHttp) {
        this.reference = reference;
        RegistryOptions defaults = RegistryOptions.defaults();
        this.options = allowHttp ? defaults.withInsecureHosts(Set.of(reference.registry())) : defaults;
    }

    /** The reference as users wrote it, for the cache's {@code source}. */
    public String name() {
        return reference.toString();
    }

    /** Fetches the manifest and finds the database layer in it. */
    public Located locate() throws IOException {
        try (RegistryClient client = new RegistryClient(options)) {
            RegistryArtifact.Manifest manifest = client.artifact(reference).manifest();
            String what = reference + " (manifest " + manifest.digest().shortForm() + ")";
            String type = manifest.artifactType() != null ? manifest.artifactType() : manifest.configType();
            if (!ARTIFACT_TYPE.equals(type) && !(manifest.artifactType() == null && EMPTY_CONFIG.equals(type))) {
                throw new RegistryException(what + " is not an imagescan database: its artifact type is " + type
                        + ", not " + ARTIFACT_TYPE);
            }
            List<DescriptorTemplate> layers = manifest.layers().stream()
                    .filter(l -> LAYER_MEDIA_TYPE.equals(l.mediaType())).toList();
            if (layers.size() != 1) {
                throw new RegistryException(what + " has " + layers.size() + " layers of media type "
                        + LAYER_MEDIA_TYPE + "; a database artifact has exactly one");
            }
            DescriptorTemplate layer = layers.get(0);
            Digest digest = Digest.parse(layer.digest());
            if (!digest.algorithm().equals("sha256")) {
                throw new RegistryException(what + ": the database layer's digest " + digest + " is not sha256");
            }
            if (layer.size() == null || layer.size() < 0) {
                throw new RegistryException(what + ": the database layer has no size");
            }
            if (layer.size() > MAX_BYTES) {
                throw new RegistryException(what + ": the database layer is " + layer.size() + " bytes, more than "
                        + MAX_BYTES);
            }
            return new Located(digest, layer.size(), manifest.digest());
        }
    }

    /**
     * Streams the layer {@code located} names into {@code to}, showing {@code progress} (null: none), and checks its
     * size and digest; a mismatch is a {@link DigestMismatchException} and leaves {@code to} to the caller to delete.
     */
    public void download(Located located, Path to, DownloadProgress progress) throws IOException {
        MessageDigest hasher = located.layer().newHasher();
        long total = 0;
        try (RegistryClient client = new RegistryClient(options);
                InputStream in = client.artifact(reference).openBlob(located.layer(), located.size());
                OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > located.size()) {
                    break;
                }
                hasher.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (progress != null) {
                    progress.update(total, located.size(), System.nanoTime() / 1_000_000);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        String what = reference + " blob " + located.layer().shortForm();
        if (total != located.size()) {
            throw new DigestMismatchException(what + ": the registry served " + (total > located.size() ? "more than "
                    : "") + total + " bytes, the manifest says " + located.size());
        }
        Digest actual = Digest.of(located.layer().algorithm(), hasher.digest());
        if (!actual.equals(located.layer())) {
            throw new DigestMismatchException(what + ": the registry served content with digest " + actual);
        }
    }
}
