package dev.imagescan.image;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.IndexTemplate;
import dev.imagescan.image.json.ManifestTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link Image} from documents fetched one by one (from a registry) rather than read from an archive: parses
 * an index or a manifest, and assembles the image from its manifest and config with the same checks the archive
 * readers make (media types, one diffID per layer, the platform asked for). The layers are opened through the given
 * {@link BlobStore} under {@code blobs/<algorithm>/<hex>}.
 */
public final class ManifestImages {
    /** The largest index, manifest or config read. */
    public static final int MAX_JSON_BYTES = JsonBlobs.MAX_JSON_BYTES;

    private ManifestImages() {}

    /** Parses an OCI image index or a Docker manifest list; {@code what} names it in messages. */
    public static IndexTemplate index(byte[] bytes, String what) {
        IndexTemplate index = IndexTemplate.from(object(bytes, what), what);
        if (index.manifests() == null) {
            throw new ImageFormatException(what + " has no manifests list");
        }
        return index;
    }

    /** Parses an OCI image manifest or a Docker v2 schema 2 manifest; {@code what} names it in messages. */
    public static ManifestTemplate manifest(byte[] bytes, String what) {
        ManifestTemplate manifest = ManifestTemplate.from(object(bytes, what), what);
        if (manifest.config() == null || manifest.layers() == null) {
            throw new ImageFormatException(what + " has no config or no layers");
        }
        return manifest;
    }

    /** Where the blob {@code digest} is found in the {@link BlobStore} given to {@link #assemble}. */
    public static String blobPath(Digest digest) {
        return JsonBlobs.blobPath(digest);
    }

    /**
     * The image of {@code manifest} (whose digest is {@code manifestDigest}) and of its config {@code configBytes}
     * (already checked against the manifest's config descriptor).
     *
     * @param name       the image as the user named it
     * @param listed     the platform the index listed the manifest under, or null
     * @param requested  the platform asked for, or null
     * @param tags       the tags the image goes by
     */
    public static Image assemble(String name, ManifestTemplate manifest, Digest manifestDigest, byte[] configBytes,
            Platform listed, Platform requested, List<String> tags, List<String> warnings, BlobStore store) {
        String where = name + ": manifest " + manifestDigest.shortForm();
        DescriptorTemplate configDescriptor = manifest.config();
        if (configDescriptor.mediaType() != null && !MediaTypes.isConfig(configDescriptor.mediaType())) {
            throw new UnsupportedMediaTypeException(where + " is not a container image (config media type "
                    + configDescriptor.mediaType() + ")");
        }
        Digest configDigest = Digest.parse(configDescriptor.digest());
        ImageConfig config = ImageConfig.parse(store, configBytes, "config " + configDigest.shortForm());
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new ImageFormatException(where + " lists " + manifest.layers().size()
                    + " layers but the config has " + config.diffIds().size() + " diff_ids");
        }
        List<LayerDescriptor> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            DescriptorTemplate d = manifest.layers().get(i);
            if (d.mediaType() == null || !MediaTypes.isLayer(d.mediaType())) {
                throw new UnsupportedMediaTypeException(where + ": layer " + (i + 1) + " (" + d.digest()
                        + ") has media type " + d.mediaType() + ", which is not a layer type this scanner reads");
            }
            Digest digest = Digest.parse(d.digest());
            long size = d.size() == null ? -1 : d.size();
            layers.add(new LayerDescriptor(i, blobPath(digest), d.mediaType(), digest, size, config.diffIds().get(i)));
        }
        Platform platform = config.platform() != null ? config.platform() : listed;
        if (requested != null && platform != null && !requested.accepts(platform)) {
            throw new PlatformNotFoundException(name + ": the image is " + platform + ", not " + requested);
        }
        return new Image(name, ImageFormat.REGISTRY, platform, manifestDigest, configDigest, layers, tags, warnings,
                store);
    }

    private static Map<String, Object> object(byte[] bytes, String what) {
        Object value;
        try {
            value = JSON.std.anyFrom(bytes);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            int nl = message.indexOf('\n');
            String first = nl < 0 ? message : message.substring(0, nl);
            throw new ImageFormatException(what + " is not valid JSON: " + first, e);
        }
        if (!(value instanceof Map)) {
            throw new ImageFormatException(what + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }
}
