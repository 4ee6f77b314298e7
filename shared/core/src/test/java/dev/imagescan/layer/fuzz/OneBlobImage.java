package dev.imagescan.layer.fuzz;

import dev.imagescan.image.BlobStore;
import dev.imagescan.image.Compression;
import dev.imagescan.image.Digest;
import dev.imagescan.image.Image;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.image.ManifestImages;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.ManifestTemplate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * An image of one layer whose blob is given bytes, assembled the way a registry image is
 * ({@link ManifestImages#assemble}) over a store holding only that blob, so that the layer reader can be driven on
 * the blob alone. The layer's digest and size are the blob's, and its diffID is the digest of the blob decompressed
 * (when it decompresses within {@code maxUncompressed} bytes; else the blob's own digest, which the reader then
 * refuses after its walk), so that a well-formed layer passes every check of the reader.
 */
final class OneBlobImage {
    private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private final Image image;

    OneBlobImage(byte[] blob, long maxUncompressed) {
        Digest digest = Digest.sha256Of(blob);
        String diffId = diffId(blob, maxUncompressed).toString();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        ManifestTemplate manifest = new ManifestTemplate(2L, MediaTypes.OCI_MANIFEST,
                new DescriptorTemplate(MediaTypes.OCI_CONFIG, configDigest.toString(), (long) config.length, null,
                        Map.of()),
                List.of(new DescriptorTemplate(LAYER_MEDIA_TYPE, digest.toString(), (long) blob.length, null,
                        Map.of())));
        this.image = ManifestImages.assemble("fuzz", manifest, Digest.sha256Of("fuzz manifest"), config, null, null,
                List.of(), List.of(), new Store(ManifestImages.blobPath(digest), blob));
    }

    Image image() {
        return image;
    }

    LayerDescriptor layer() {
        return image.layers().get(0);
    }

    /** The digest of the blob decompressed as the reader would, if that ends within {@code max} bytes. */
    private static Digest diffId(byte[] blob, long max) {
        Compression compression = Compression.detect(blob, Math.min(blob.length, Compression.MAGIC_BYTES));
        if (compression == Compression.NONE || !compression.supported()) {
            return Digest.sha256Of(blob);
        }
        MessageDigest hasher = Digest.newHasher("sha256");
        try (InputStream in = new DigestInputStream(compression.decompress(new ByteArrayInputStream(blob)), hasher)) {
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > max) {
                    return Digest.sha256Of(blob);
                }
            }
            return Digest.sha256(hasher.digest());
        } catch (IOException | RuntimeException e) {
            return Digest.sha256Of(blob);
        }
    }

    /** A blob store holding one blob. */
    private record Store(String path, byte[] blob) implements BlobStore {
        @Override
        public String describe() {
            return "fuzz";
        }

        @Override
        public long size(String wanted) {
            return path.equals(wanted) ? blob.length : -1;
        }

        @Override
        public InputStream open(String wanted) {
            if (!path.equals(wanted)) {
                throw new IllegalStateException("the fuzzed image holds no blob " + wanted);
            }
            return new ByteArrayInputStream(blob);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
