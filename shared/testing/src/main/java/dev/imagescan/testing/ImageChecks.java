package dev.imagescan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
  * An independent, strict consistency check of small images written by the builders (or anyone):
  * a tiny reference reader that throws {@link AssertionError} naming the first inconsistency. It
  * reads everything into memory, so it is for test-sized images.
  */
public final class ImageChecks {
    private ImageChecks() {}

    /** One image manifest reached from an OCI index. */
    public record CheckedImage(String manifestDigest, JsonNode platform, JsonNode manifest, JsonNode config,
            List<String> diffIds) {}

    /** What an OCI layout holds: index.json and every image manifest reached from it. */
    public record OciSummary(JsonNode indexJson, List<CheckedImage> images, Map<String, byte[]> files) {}

    /** One manifest.json item of a docker archive, its config and the layers' diffIDs as computed. */
    public record DockerSummary(JsonNode manifestJson, List<JsonNode> configs, List<List<String>> diffIds,
            Map<String, TarArchiveEntry> entries, Map<String, byte[]> files) {}

    public static OciSummary checkOciArchive(Path tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        readTar(tar, files, new LinkedHashMap<>());
        return checkOci(files);
    }

    public static OciSummary checkOciLayout(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checkOci(files);
    }

    static OciSummary checkOci(Map<String, byte[]> files) {
        byte[] layout = need(files, "oci-layout");
        check("1.0.0".equals(Json.parse(layout).path("imageLayoutVersion").asText()), "oci-layout version");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("blobs/sha256/")) {
                String hex = f.getKey().substring("blobs/sha256/".length());
                check(Digests.sha256Hex(f.getValue()).equals(hex), "blob " + f.getKey() + " does not hash to its name");
            }
        }
        JsonNode index = Json.parse(need(files, "index.json"));
        List<CheckedImage> images = new ArrayList<>();
        walkIndex(files, index, images, 0);
        return new OciSummary(index, images, files);
    }

    private static void walkIndex(Map<String, byte[]> files, JsonNode index, List<CheckedImage> out, int depth) {
        check(depth < 8, "index nesting too deep");
        check(index.path("schemaVersion").asInt() == 2, "index schemaVersion != 2");
        check(index.path("manifests").isArray(), "index without manifests[]");
        for (JsonNode d : index.path("manifests")) {
            byte[] blob = blob(files, d);
            String mt = d.path("mediaType").asText();
            if (mt.equals(MediaTypes.OCI_INDEX) || mt.equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
                JsonNode nested = Json.parse(blob);
                check(mt.equals(nested.path("mediaType").asText(mt)), "index mediaType differs from its descriptor");
                walkIndex(files, nested, out, depth + 1);
            } else {
                out.add(checkManifest(files, d, blob));
            }
        }
    }

    private static CheckedImage checkManifest(Map<String, byte[]> files, JsonNode descriptor, byte[] bytes) {
        JsonNode m = Json.parse(bytes);
        String mt = descriptor.path("mediaType").asText();
        check(m.path("schemaVersion").asInt() == 2, "manifest schemaVersion != 2");
        check(!m.has("mediaType") || m.path("mediaType").asText().equals(mt), "manifest mediaType differs from descriptor");
        JsonNode config = Json.parse(blob(files, m.path("config")));
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
        check("layers".equals(config.path("rootfs").path("type").asText()), "config rootfs.type != layers");
        JsonNode layers = m.path("layers");
        check(layers.size() == diffIds.size(), "manifest has " + layers.size() + " layers, config " + diffIds.size() + " diff_ids");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            byte[] blob = blob(files, l);
            Compression c = Compression.fromMediaType(l.path("mediaType").asText());
            check(c != null, "unknown layer media type " + l.path("mediaType").asText());
            check(uncompressedSha256(blob, c).equals(diffIds.get(i)), "layer " + i + " does not decompress to its diff_id");
        }
        JsonNode p = descriptor.path("platform");
        if (!p.isMissingNode()) {
            check(p.path("os").asText().equals(config.path("os").asText())
                    && p.path("architecture").asText().equals(config.path("architecture").asText()),
                    "descriptor platform " + p + " differs from config os/architecture");
        }
        return new CheckedImage(descriptor.path("digest").asText(), p, m, config, diffIds);
    }

    public static DockerSummary checkDockerArchive(Path tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        readTar(tar, files, entries);
        JsonNode manifest = Json.parse(need(files, "manifest.json"));
        check(manifest.isArray() && !manifest.isEmpty(), "manifest.json is not a non-empty array");
        List<JsonNode> configs = new ArrayList<>();
        List<List<String>> allDiffIds = new ArrayList<>();
        for (JsonNode item : manifest) {
            JsonNode config = Json.parse(resolve(files, entries, item.path("Config").asText()));
            List<String> expected = new ArrayList<>();
            config.path("rootfs").path("diff_ids").forEach(n -> expected.add(n.asText()));
            JsonNode layers = item.path("Layers");
            check(layers.size() == expected.size(), "manifest.json lists " + layers.size() + " layers, config " + expected.size());
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                byte[] layer = resolve(files, entries, layers.get(i).asText());
                String diffId = uncompressedSha256(layer, Compression.sniff(layer));
                check(diffId.equals(expected.get(i)), "layer " + layers.get(i).asText() + " hashes to " + diffId + ", config says " + expected.get(i));
                actual.add(diffId);
            }
            configs.add(config);
            allDiffIds.add(actual);
        }
        if (files.containsKey("repositories")) {
            check(Json.parse(files.get("repositories")).isObject(), "repositories is not a JSON object");
        }
        return new DockerSummary(manifest, configs, allDiffIds, entries, files);
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] resolve(Map<String, byte[]> files, Map<String, TarArchiveEntry> entries, String path) {
        String p = normalize(path);
        for (int hops = 0; hops < 8; hops++) {
            TarArchiveEntry e = entries.get(p);
            check(e != null, "manifest.json names " + path + ", which is not in the archive");
            if (e.isSymbolicLink()) {
                int slash = p.lastIndexOf('/');
                p = normalize((slash < 0 ? "" : p.substring(0, slash + 1)) + e.getLinkName());
                continue;
            }
            return files.get(p);
        }
        throw new AssertionError("symlink loop at " + path);
    }

    private static String normalize(String name) {
        List<String> parts = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                check(!parts.isEmpty(), "path climbs out of the archive: " + name);
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(s);
        }
        return String.join("/", parts);
    }

    private static byte[] blob(Map<String, byte[]> files, JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        byte[] b = need(files, "blobs/sha256/" + Digests.hex(digest));
        check(b.length == descriptor.path("size").asLong(-1), "blob " + digest + " is " + b.length + " bytes, descriptor says " + descriptor.path("size"));
        return b;
    }

    private static byte[] need(Map<String, byte[]> files, String name) {
        byte[] b = files.get(name);
        check(b != null, "missing " + name);
        return b;
    }

    private static String uncompressedSha256(byte[] blob, Compression c) {
        try (InputStream in = c.decompress(new ByteArrayInputStream(blob))) {
            return Digests.sha256(in);
        } catch (IOException e) {
            throw new AssertionError("cannot decompress a " + c + " layer: " + e, e);
        }
    }

    private static void readTar(Path tar, Map<String, byte[]> files, Map<String, TarArchiveEntry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            TarArchiveInputStream t = new TarArchiveInputStream(in, "UTF-8");
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                String n = normalize(e.getName());
                check(seen.merge(n, 1, Integer::sum) == 1, "duplicate entry " + n);
                entries.put(n, e);
                if (e.isFile()) {
                    files.put(n, t.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
