package dev.imagescan.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The image Jib wrote ({@code target/imagescan-image.tar}, an OCI image archive) opened into a directory: its
 * manifest's layers in order and its config, as a container runtime would read them.
 */
final class OciImageArchive {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path layout;
    private final JsonNode manifest;
    private final JsonNode config;

    private OciImageArchive(Path layout) throws IOException {
        this.layout = layout;
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertOne(index.path("manifests"));
        manifest = JSON.readTree(blob(index.at("/manifests/0/digest").asText()).toFile());
        config = JSON.readTree(blob(manifest.at("/config/digest").asText()).toFile());
    }

    /** Unpacks the archive's OCI layout (index, blobs) into {@code dir} and reads its one manifest and config. */
    static OciImageArchive open(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException(archive + ": entry outside the layout: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isFile()) {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new OciImageArchive(dir);
    }

    private static void assertOne(JsonNode manifests) {
        if (manifests.size() != 1) {
            throw new IllegalStateException("expected one manifest in index.json, found " + manifests.size());
        }
    }

    /** The layer blobs (gzip tars), base first. */
    List<Path> layers() {
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(blob(layer.path("digest").asText()));
        }
        return layers;
    }

    /** The container config (Entrypoint, Env, WorkingDir, User). */
    JsonNode containerConfig() {
        return config.path("config");
    }

    /** The image history (one entry a layer here: Jib writes no empty layers). */
    JsonNode history() {
        return config.path("history");
    }

    /**
     * Every path of the merged file system (no leading slash, no trailing slash) with its tar entry's type: 'd'
     * directory, 'f' file, 'l' symlink, 'h' hard link; an upper layer's entry replaces a lower one's.
     */
    Map<String, Character> paths() throws IOException {
        Map<String, Character> paths = new HashMap<>();
        for (Path layer : layers()) {
            forEachEntry(layer, (e, in) -> paths.put(name(e), e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l'
                    : e.isLink() ? 'h' : 'f'));
        }
        return paths;
    }

    /** A file's bytes from the topmost layer that holds it, or null. */
    byte[] read(String path) throws IOException {
        byte[][] found = new byte[1][];
        for (Path layer : layers()) {
            forEachEntry(layer, (e, in) -> {
                if (e.isFile() && name(e).equals(path)) {
                    found[0] = in.readAllBytes();
                }
            });
        }
        return found[0];
    }

    /** Every regular file under {@code dir} (no slashes at either end), topmost layer winning, with its bytes. */
    Map<String, byte[]> filesUnder(String dir) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        for (Path layer : layers()) {
            forEachEntry(layer, (e, in) -> {
                if (e.isFile() && name(e).startsWith(dir + "/")) {
                    files.put(name(e), in.readAllBytes());
                }
            });
        }
        return files;
    }

    static String name(TarArchiveEntry e) {
        String name = e.getName();
        name = name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private Path blob(String digest) {
        return layout.resolve("blobs").resolve(digest.substring(0, digest.indexOf(':')))
                .resolve(digest.substring(digest.indexOf(':') + 1));
    }

    private static void forEachEntry(Path layer, EntryVisitor visitor) throws IOException {
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(layer), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                visitor.visit(e, tar);
            }
        }
    }

    /** One tar entry and its content stream. */
    private interface EntryVisitor {
        void visit(TarArchiveEntry entry, InputStream content) throws IOException;
    }
}
