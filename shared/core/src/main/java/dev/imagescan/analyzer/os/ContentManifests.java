package dev.imagescan.analyzer.os;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The content sets of a Red Hat image: every {@code /root/buildinfo/content_manifests/*.json} (the image content
 * manifests Red Hat's build system, OSBS, writes into each layer it builds) lists in {@code content_sets} the
 * repositories its packages were installed from ({@code rhel-8-for-x86_64-baseos-rpms}); Red Hat's
 * repository-to-CPE mapping turns them into the product streams whose advisories apply. The sets of all the
 * manifests are read (a UBI base and the layers built on it), in path order, each once, and each layer's apart (the
 * layer that put the manifest there): a package gets the sets of the layer that installed it
 * ({@link LayerContentSets}). A manifest that is not such
 * a document, or names a set that is not a repository id, is reported as a problem and contributes nothing: the
 * image is then matched as if it had no manifest.
 */
public final class ContentManifests {
    /** Where OSBS writes the manifests. */
    static final String DIRECTORY = "root/buildinfo/content_manifests";
    /** A manifest also lists every package in {@code image_contents}: a few hundred KiB at most in practice. */
    static final long MAX_BYTES = 16L << 20;
    static final int MAX_SETS = 1_000;
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(1 << 20).build())
            .build();

    private ContentManifests() {}

    /**
     * What was read: the content sets, and a line for each manifest left out.
     *
     * @param contentSets the repositories named, in order, each once
     * @param byLayer     the same per layer that put the manifests there, by layer; empty when the layers are not
     *                    known
     * @param problems    one line per manifest that could not be used
     */
    public record Found(List<String> contentSets, List<LayerContentSets> byLayer, List<String> problems) {
        public Found {
            contentSets = List.copyOf(contentSets);
            byLayer = List.copyOf(byLayer);
            problems = List.copyOf(problems);
        }

        /** Without layers. */
        public Found(List<String> contentSets, List<String> problems) {
            this(contentSets, List.of(), problems);
        }
    }

    /** The manifests, as files the scan keeps. */
    public static FileRequest request() {
        return FileRequest.filesIn(DIRECTORY, name -> name.endsWith(".json"), MAX_BYTES);
    }

    /** The content sets of every manifest in {@code files}, without layers. */
    public static Found read(FileView files) {
        return read(files, path -> -1);
    }

    /**
     * The content sets of every manifest in {@code files}, and per layer: {@code layerOf} gives the layer a path's
     * file came from (negative when not known: then only the image's sets are given).
     */
    public static Found read(FileView files, ToIntFunction<String> layerOf) {
        Set<String> sets = new LinkedHashSet<>();
        TreeMap<Integer, Set<String>> byLayer = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : files.list(DIRECTORY)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            String path = "/" + DIRECTORY + "/" + name;
            CapturedFile file = files.file(DIRECTORY + "/" + name).orElse(null);
            if (file == null) {
                continue;
            }
            try (InputStream in = file.open()) {
                List<String> found = contentSets(in, path);
                if (sets.size() + found.size() > MAX_SETS) {
                    throw new IllegalArgumentException(path + ": more than " + MAX_SETS + " content sets");
                }
                sets.addAll(found);
                int layer = layerOf.applyAsInt(DIRECTORY + "/" + name);
                if (layer >= 0 && !found.isEmpty()) {
                    byLayer.computeIfAbsent(layer, k -> new LinkedHashSet<>()).addAll(found);
                }
            } catch (IOException | IllegalArgumentException e) {
                problems.add(e.getMessage() + "; its content sets are not used");
            }
        }
        List<LayerContentSets> layers = new ArrayList<>();
        byLayer.forEach((layer, found) -> layers.add(new LayerContentSets(layer, new ArrayList<>(found))));
        return new Found(new ArrayList<>(sets), layers, problems);
    }

    /**
     * The {@code content_sets} of one manifest ({@code path} names it in messages); none when it has none.
     *
     * @throws IllegalArgumentException when it is not a JSON object, or a content set is not a repository id
     */
    static List<String> contentSets(InputStream in, String path) throws IOException {
        List<String> sets = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(path + ": not an image content manifest (not a JSON object)");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("content_sets")) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException(path + ": content_sets is not an array");
                }
                while ((value = p.nextToken()) != JsonToken.END_ARRAY) {
                    String set = value == JsonToken.VALUE_STRING ? p.getText().strip() : null;
                    if (set == null || !REPOSITORY_ID.matcher(set).matches()) {
                        throw new IllegalArgumentException(path + ": content_sets[" + sets.size()
                                + "] is not a repository id");
                    }
                    if (sets.size() >= MAX_SETS) {
                        throw new IllegalArgumentException(path + ": more than " + MAX_SETS + " content sets");
                    }
                    sets.add(set);
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException(path + ": not an image content manifest (unexpected content)");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": not an image content manifest ("
                    + e.getOriginalMessage() + ")");
        }
        return sets;
    }
}
