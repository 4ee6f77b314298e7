package dev.imagescan.image;

import dev.imagescan.image.json.DockerManifestEntryTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a docker-archive ({@code docker save}, skopeo {@code docker-archive:}): {@code manifest.json} names the
 * config and the layer tars; the config's diff_ids are what the layers must hash to once uncompressed.
 */
final class DockerArchiveReader {
    /** {@code <hex>.json}, {@code <hex>/layer.tar}, {@code blobs/sha256/<hex>}: names that carry a digest. */
    private static final Pattern BLOB_NAME = Pattern.compile("(?:^|/)blobs/(sha256|sha512)/([a-f0-9]+)$");
    private static final Pattern CONFIG_NAME = Pattern.compile("^([a-f0-9]{64})\\.json$");
    /** The most images one manifest.json may list; {@code docker save} of a whole host rarely lists a hundred. */
    static final int MAX_ENTRIES = 1_000;

    private DockerArchiveReader() {}

    static Image read(BlobStore store, String name, Platform requested) throws IOException {
        byte[] bytes = JsonBlobs.read(store, "manifest.json", "manifest");
        Object json = JsonBlobs.parse(store, bytes, "manifest.json");
        if (!(json instanceof List<?> list)) {
            throw new ImageFormatException(store.describe() + ": manifest.json is not a docker-archive manifest (not a JSON array)");
        }
        if (list.size() > MAX_ENTRIES) {
            throw new ImageFormatException(store.describe() + ": manifest.json lists " + list.size()
                    + " images, more than the " + MAX_ENTRIES + " an archive may hold");
        }
        List<DockerManifestEntryTemplate> entries = list.stream()
                .map(e -> DockerManifestEntryTemplate.from(e, store.describe() + ": manifest.json entry"))
                .toList();
        if (entries.isEmpty()) {
            throw new ImageFormatException(store.describe() + ": manifest.json lists no image");
        }
        List<String> warnings = new ArrayList<>();
        Loaded chosen = choose(store, entries, requested, warnings);
        DockerManifestEntryTemplate entry = chosen.entry();
        List<Digest> diffIds = chosen.config().diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw new ImageFormatException(store.describe() + ": manifest.json lists " + entry.layers().size()
                    + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        List<LayerDescriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String path = entry.layers().get(i);
            long size = store.size(path);
            if (size < 0) {
                throw new ImageFormatException(store.describe() + ": manifest.json lists layer " + (i + 1) + " '"
                        + path + "' but it is not in the archive");
            }
            layers.add(new LayerDescriptor(i, path, null, digestInName(path), size, diffIds.get(i)));
        }
        List<String> tags = entry.repoTags() == null ? List.of() : entry.repoTags();
        return new Image(name, ImageFormat.DOCKER_ARCHIVE, chosen.config().platform(), null, chosen.configDigest(),
                layers, tags, warnings, store);
    }

    private static Loaded load(BlobStore store, DockerManifestEntryTemplate entry) throws IOException {
        requireComplete(store, entry);
        byte[] configBytes = JsonBlobs.read(store, entry.config(), "config");
        Digest configDigest = Digest.sha256(Digest.newHasher("sha256").digest(configBytes));
        Digest promised = configDigestInName(entry.config());
        if (promised != null) {
            JsonBlobs.verify(store, promised, null, configBytes, "config");
        }
        ImageConfig config = ImageConfig.parse(store, configBytes, "config " + entry.config());
        return new Loaded(entry, configDigest, config);
    }

    private static void requireComplete(BlobStore store, DockerManifestEntryTemplate entry) {
        if (entry == null || entry.config() == null || entry.layers() == null) {
            throw new ImageFormatException(store.describe() + ": manifest.json has an entry without Config or Layers");
        }
    }

    /**
     * The entry to scan: the only one (which must be of the requested platform when its config names one), or the
     * first of the requested platform (linux/amd64 by default). Configs are read in order, each file once however many
     * entries name it (a hostile archive lists one config a thousand times), and only the chosen entry's is kept.
     */
    private static Loaded choose(BlobStore store, List<DockerManifestEntryTemplate> entries, Platform requested,
            List<String> warnings) throws IOException {
        if (entries.size() == 1) {
            Loaded only = load(store, entries.get(0));
            Platform platform = only.config().platform();
            if (requested != null && platform != null && !requested.accepts(platform)) {
                throw new PlatformNotFoundException(store.describe() + ": the image is " + platform + ", not " + requested);
            }
            return only;
        }
        Platform wanted = requested != null ? requested : Platform.LINUX_AMD64;
        Map<String, Boolean> configMatches = new HashMap<>();
        Loaded first = null;
        int matching = 0;
        for (DockerManifestEntryTemplate entry : entries) {
            requireComplete(store, entry);
            Boolean matches = configMatches.get(entry.config());
            if (matches == null) {
                Loaded loaded = load(store, entry);
                Platform platform = loaded.config().platform();
                matches = platform != null && wanted.accepts(platform);
                configMatches.put(entry.config(), matches);
                if (matches && first == null) {
                    first = loaded;
                }
            }
            if (matches) {
                matching++;
            }
        }
        if (first == null) {
            throw new PlatformNotFoundException(store.describe() + ": none of the " + entries.size()
                    + " images in manifest.json is " + wanted + "; choose one with --platform");
        }
        if (matching > 1) {
            warnings.add("manifest.json holds " + matching + " images for " + wanted + "; scanning the first ("
                    + String.join(", ", tagsOf(first)) + ")");
        }
        return first;
    }

    private static List<String> tagsOf(Loaded l) {
        return l.entry().repoTags() == null || l.entry().repoTags().isEmpty()
                ? List.of(l.configDigest().shortForm())
                : l.entry().repoTags();
    }

    private static Digest digestInName(String path) {
        Matcher m = BLOB_NAME.matcher(path);
        if (!m.find()) {
            return null;
        }
        try {
            return new Digest(m.group(1), m.group(2));
        } catch (ImageFormatException e) {
            return null;
        }
    }

    private static Digest configDigestInName(String path) {
        Digest inBlobs = digestInName(path);
        if (inBlobs != null) {
            return inBlobs;
        }
        Matcher m = CONFIG_NAME.matcher(path);
        return m.matches() ? new Digest("sha256", m.group(1)) : null;
    }

    private record Loaded(DockerManifestEntryTemplate entry, Digest configDigest, ImageConfig config) {}
}
