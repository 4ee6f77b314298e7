package dev.imagescan.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.Json;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.TarContents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Images that share a base: the layer blobs of an OCI archive (its first manifest), byte for byte, with layers of
 * their own on top, as {@code FROM base} builds them. Pushed next to the base, the shared blobs have the same
 * digests, so a test can count which blobs a scanner downloads.
 */
public final class SharedBase {
    private final List<BuiltLayer> layers;

    private SharedBase(List<BuiltLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The base layers of {@code ociArchive} (its index's first manifest). */
    public static SharedBase of(Path ociArchive) {
        Map<String, byte[]> files = TarContents.readAll(ociArchive);
        JsonNode index = Json.parse(files.get("index.json"));
        JsonNode manifest = Json.parse(blob(files, index.path("manifests").get(0).path("digest").asText()));
        List<BuiltLayer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            String mediaType = layer.path("mediaType").asText();
            Compression compression = mediaType.endsWith("zstd") ? Compression.ZSTD
                    : mediaType.endsWith("gzip") ? Compression.GZIP : Compression.NONE;
            layers.add(BuiltLayer.fromBlob(blob(files, layer.path("digest").asText()), compression));
        }
        return new SharedBase(layers);
    }

    /** The base's layers, bottom first. */
    public List<BuiltLayer> layers() {
        return layers;
    }

    /** The image of the base's layers, then {@code own} (gzipped) on top. */
    public BuiltImage withLayer(LayerBuilder own) {
        ImageBuilder image = ImageBuilder.image();
        layers.forEach(image::layer);
        return image.layer(own.compression(Compression.GZIP)).build();
    }

    /** That image as an OCI archive at {@code out}. */
    public Path withLayer(LayerBuilder own, Path out) throws IOException {
        return withLayer(own).writeOciArchive(out);
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] bytes = files.get("blobs/" + digest.replace(':', '/'));
        if (bytes == null) {
            throw new IllegalArgumentException("the archive has no blob " + digest);
        }
        return bytes;
    }
}
