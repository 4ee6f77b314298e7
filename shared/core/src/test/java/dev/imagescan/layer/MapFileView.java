package dev.imagescan.layer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A {@link FileView} over an in-memory map, for analyzer tests. */
public final class MapFileView implements FileView {
    private final Map<String, CapturedFile> files = new TreeMap<>();

    public MapFileView with(String path, String content) {
        files.put(path, CapturedFile.ofBytes(content.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public MapFileView with(String path, byte[] content) {
        files.put(path, CapturedFile.ofBytes(content));
        return this;
    }

    @Override
    public Optional<CapturedFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public List<String> list(String dir) {
        List<String> names = new ArrayList<>();
        for (String path : files.keySet()) {
            if (LayerPath.parent(path).equals(dir)) {
                names.add(LayerPath.name(path));
            }
        }
        return names;
    }

    @Override
    public List<String> find(Predicate<String> paths) {
        return files.keySet().stream().filter(paths).toList();
    }
}
