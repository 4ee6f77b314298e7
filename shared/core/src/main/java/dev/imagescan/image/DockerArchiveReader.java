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
        List<Loaded> loaded = new ArrayList<>();
        Map<String, Config> configs = new HashMap<>();
        for (DockerManifestEntryTemplate entry : entries) {
            loaded.add(load(store, entry, configs));
        }
        Loaded chosen = choose(store, loaded, requested, warnings);
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

    /**
     * The entry with its config, read, checked and parsed once per config file however many entries name it (a
     * hostile archive lists one config a thousand times).
     */
    private static Loaded load(BlobStore store, DockerManifestEntryTemplate entry, Map<String, Config> configs)
            throws IOException {
        if (entry == null || entry.config() == null || entry.layers() == null) {
            throw new ImageFormatException(store.describe() + ": manifest.json has an entry without Config or Layers");
        }
        Config config = configs.get(entry.config());
        if (config == null) {
            config = readConfig(store, entry.config());
            configs.put(entry.config(), config);
        }
        return new Loaded(entry, config.digest(), config.config());
    }

    private static Config readConfig(BlobStore store, String path) throws IOException {
        byte[] configBytes = JsonBlobs.read(store, path, "config");
        Digest configDigest = Digest.sha256(Digest.newHasher("sha256").digest(configBytes));
        Digest promised = configDigestInName(path);
        if (promised != null) {
            JsonBlobs.verify(store, promised, null, configBytes, "config");
        }
        return new Config(configDigest, ImageConfig.parse(store, configBytes, "config " + path));
    }

    private static Loaded choose(BlobStore store, List<Loaded> images, Platform requested, List<String> warnings) {
        if (images.size() == 1) {
            Loaded only = images.get(0);
            Platform platform = only.config().platform();
            if (requested != null && platform != null && !requested.accepts(platform)) {
                throw new PlatformNotFoundException(store.describe() + ": the image is " + platform + ", not " + requested);
            }
            return only;
        }
        Platform wanted = requested != null ? requested : Platform.LINUX_AMD64;
        List<Loaded> matching = images.stream()
                .filter(l -> l.config().platform() != null && wanted.accepts(l.config().platform()))
                .toList();
        if (matching.isEmpty()) {
            throw new PlatformNotFoundException(store.describe() + ": none of the " + images.size()
                    + " images in manifest.json is " + wanted + "; choose one with --platform");
        }
        if (matching.size() > 1) {
            warnings.add("manifest.json holds " + matching.size() + " images for " + wanted + "; scanning the first ("
                    + String.join(", ", tagsOf(matching.get(0))) + ")");
        }
        return matching.get(0);
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

    private record Config(Digest digest, ImageConfig config) {}
}
