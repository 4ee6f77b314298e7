package dev.imagescan.image;

import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.IndexTemplate;
import dev.imagescan.image.json.ManifestTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads an OCI image layout ({@code index.json} + {@code blobs/}): follows the index (and nested indexes) to the
 * manifest of the wanted platform, checks every JSON blob against its digest, and lists the layers.
 */
final class OciLayoutReader {
    private static final int MAX_INDEX_DEPTH = 4;
    private static final int MAX_MANIFESTS = 1000;

    private final BlobStore store;
    private final List<String> warnings = new ArrayList<>();

    private OciLayoutReader(BlobStore store) {
        this.store = store;
    }

    static Image read(BlobStore store, ImageFormat format, String name, Platform requested) throws IOException {
        return new OciLayoutReader(store).read(format, name, requested);
    }

    private Image read(ImageFormat format, String name, Platform requested) throws IOException {
        byte[] indexBytes = JsonBlobs.read(store, "index.json", "index");
        IndexTemplate index = IndexTemplate.from(JsonBlobs.parseObject(store, indexBytes, "index.json"),
                store.describe() + ": index.json");
        List<Candidate> candidates = new ArrayList<>();
        collect(index, "index.json", 0, candidates);
        Candidate chosen = choose(candidates, requested);

        ManifestTemplate manifest = readManifest(chosen.descriptor());
        if (manifest.config() == null || manifest.layers() == null) {
            throw new ImageFormatException(store.describe() + ": manifest " + chosen.digest().shortForm()
                    + " has no config or no layers");
        }
        DescriptorTemplate configDescriptor = manifest.config();
        if (configDescriptor.mediaType() != null && !MediaTypes.isConfig(configDescriptor.mediaType())) {
            throw new UnsupportedMediaTypeException(store.describe() + ": manifest " + chosen.digest().shortForm()
                    + " is not a container image (config media type " + configDescriptor.mediaType() + ")");
        }
        Digest configDigest = Digest.parse(configDescriptor.digest());
        byte[] configBytes = JsonBlobs.readBlob(store, configDigest, configDescriptor.size(), "config");
        ImageConfig config = ImageConfig.parse(store, configBytes, "config " + configDigest.shortForm());
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new ImageFormatException(store.describe() + ": manifest lists " + manifest.layers().size()
                    + " layers but the config has " + config.diffIds().size() + " diff_ids");
        }
        List<LayerDescriptor> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            layers.add(layer(i, manifest.layers().get(i), config.diffIds().get(i)));
        }
        Platform platform = config.platform() != null ? config.platform() : chosen.platform();
        if (requested != null && platform != null && !requested.accepts(platform)) {
            throw new PlatformNotFoundException(store.describe() + ": the image is " + platform + ", not " + requested);
        }
        return new Image(name, format, platform, chosen.digest(), configDigest, layers, chosen.refNames(), warnings, store);
    }

    private LayerDescriptor layer(int i, DescriptorTemplate descriptor, Digest diffId) {
        String what = "layer " + (i + 1);
        if (descriptor.mediaType() == null || !MediaTypes.isLayer(descriptor.mediaType())) {
            throw new UnsupportedMediaTypeException(store.describe() + ": " + what + " (" + descriptor.digest()
                    + ") has media type " + descriptor.mediaType() + ", which is not a layer type this scanner reads");
        }
        Digest digest = Digest.parse(descriptor.digest());
        String path = JsonBlobs.blobPath(digest);
        if (!store.exists(path)) {
            throw new ImageFormatException(store.describe() + ": the manifest lists " + what + " blob "
                    + digest + " but the blob is missing");
        }
        long size = descriptor.size() == null ? -1 : descriptor.size();
        return new LayerDescriptor(i, path, descriptor.mediaType(), digest, size, diffId);
    }

    private ManifestTemplate readManifest(DescriptorTemplate descriptor) throws IOException {
        Digest digest = Digest.parse(descriptor.digest());
        byte[] bytes = JsonBlobs.readBlob(store, digest, descriptor.size(), "manifest");
        String what = "manifest " + digest.shortForm();
        ManifestTemplate manifest = ManifestTemplate.from(JsonBlobs.parseObject(store, bytes, what),
                store.describe() + ": " + what);
        String mediaType = manifest.mediaType() != null ? manifest.mediaType() : descriptor.mediaType();
        if (mediaType != null && !MediaTypes.isManifest(mediaType)) {
            throw new UnsupportedMediaTypeException(store.describe() + ": " + digest.shortForm()
                    + " has media type " + mediaType + ", not an image manifest");
        }
        return manifest;
    }

    /** Walks the index tree, collecting every image manifest it reaches, with its platform when stated. */
    private void collect(IndexTemplate index, String where, int depth, List<Candidate> out) throws IOException {
        if (index.manifests() == null) {
            throw new ImageFormatException(store.describe() + ": " + where + " has no manifests list");
        }
        for (DescriptorTemplate d : index.manifests()) {
            if (out.size() >= MAX_MANIFESTS) {
                throw new ImageFormatException(store.describe() + ": more than " + MAX_MANIFESTS + " manifests in the index");
            }
            if (IndexEntries.isAttestation(d)) {
                continue;
            }
            Digest digest = Digest.parse(d.digest());
            if (MediaTypes.isIndex(d.mediaType())) {
                if (depth >= MAX_INDEX_DEPTH) {
                    throw new ImageFormatException(store.describe() + ": indexes nested more than " + MAX_INDEX_DEPTH + " deep");
                }
                byte[] bytes = JsonBlobs.readBlob(store, digest, d.size(), "index");
                String what = "index " + digest.shortForm();
                collect(IndexTemplate.from(JsonBlobs.parseObject(store, bytes, what), store.describe() + ": " + what),
                        what, depth + 1, out);
            } else if (d.mediaType() == null || MediaTypes.isManifest(d.mediaType())) {
                Platform platform = IndexEntries.platform(d);
                out.add(new Candidate(d, digest, platform, refNames(d.annotations())));
            } else {
                warnings.add(where + " lists " + digest.shortForm() + " of media type " + d.mediaType() + "; skipped");
            }
        }
    }

    private Candidate choose(List<Candidate> candidates, Platform requested) {
        if (candidates.isEmpty()) {
            throw new ImageFormatException(store.describe() + ": the index lists no image manifest");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        Platform wanted = requested != null ? requested : Platform.LINUX_AMD64;
        List<Candidate> matching = candidates.stream()
                .filter(c -> c.platform() != null && wanted.accepts(c.platform()))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            String available = candidates.stream()
                    .map(c -> c.platform() == null ? "unknown" : c.platform().toString())
                    .distinct()
                    .collect(Collectors.joining(", "));
            throw new PlatformNotFoundException(store.describe() + ": no image for platform " + wanted
                    + " (the index has " + available + "); choose one with --platform");
        }
        if (matching.size() > 1) {
            warnings.add("the index lists " + matching.size() + " images for " + wanted + "; scanning the first, "
                    + matching.get(0).digest().shortForm());
        }
        return matching.get(0);
    }

    private static List<String> refNames(Map<String, String> annotations) {
        if (annotations == null) {
            return List.of();
        }
        String ref = annotations.get("org.opencontainers.image.ref.name");
        String name = annotations.get("io.containerd.image.name");
        List<String> names = new ArrayList<>();
        if (name != null) {
            names.add(name);
        } else if (ref != null) {
            names.add(ref);
        }
        return names;
    }

    private record Candidate(DescriptorTemplate descriptor, Digest digest, Platform platform, List<String> refNames) {}
}
