package dev.imagescan.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The kept part of the image filesystem as it stands after some number of layers: each layer applied over the ones
 * below with overlay rules (opaque directories and whiteouts delete from below; a file or link replaces whatever was
 * at its path, including a directory and its contents). Symbolic links are followed across layers, up to 40 hops.
 * Immutable: {@link #apply} returns a new tree.
 */
public final class FileTree implements FileView {
    static final int MAX_LINK_HOPS = 40;

    private final NavigableMap<String, Node> nodes;
    private final List<String> problems;

    /** What the tree holds at a path and which layer put it there (0 = base). */
    public record Node(LayerEntry entry, int layer) {}

    private FileTree(NavigableMap<String, Node> nodes, List<String> problems) {
        this.nodes = nodes;
        this.problems = problems;
    }

    public static FileTree empty() {
        return new FileTree(new TreeMap<>(), new ArrayList<>());
    }

    /** This tree with {@code layer} applied on top. */
    public FileTree apply(LayerContents layer) {
        TreeMap<String, Node> next = new TreeMap<>(nodes);
        List<String> nextProblems = new ArrayList<>(problems);
        int index = layer.layer().index();
        for (String dir : layer.opaqueDirs()) {
            removeUnder(next, dir);
        }
        for (String path : layer.whiteouts()) {
            next.remove(path);
            removeUnder(next, path);
        }
        for (Map.Entry<String, LayerEntry> e : layer.entries().entrySet()) {
            LayerEntry entry = e.getValue();
            if (entry instanceof LayerEntry.Hardlink link) {
                entry = resolveHardlink(layer, link, nextProblems, e.getKey());
            }
            if (!(entry instanceof LayerEntry.Directory)) {
                removeUnder(next, e.getKey());
            }
            next.put(e.getKey(), new Node(entry, index));
        }
        return new FileTree(next, nextProblems);
    }

    /** A hard link's content: the target in the same layer, else the target as the layers below have it. */
    private LayerEntry resolveHardlink(LayerContents layer, LayerEntry.Hardlink link, List<String> out, String path) {
        if (layer.entries().get(link.target()) instanceof LayerEntry.File file) {
            return file;
        }
        Optional<CapturedFile> below = file(link.target());
        if (below.isPresent()) {
            return new LayerEntry.File(below.get());
        }
        out.add(layer.layer().describe() + ": /" + path + " is a hard link to /" + link.target() + ", which is not there");
        return new LayerEntry.Other();
    }

    private static void removeUnder(NavigableMap<String, Node> map, String dir) {
        if (dir.isEmpty()) {
            map.clear();
            return;
        }
        map.subMap(dir + "/", true, dir + "0", false).clear();
    }

    @Override
    public Optional<CapturedFile> file(String path) {
        return locate(path).map(found -> ((LayerEntry.File) found.node().entry()).content());
    }

    /** The file at {@code path} with its real path (links followed) and the layer that put it there. */
    public Optional<Found> locate(String path) {
        String real = resolve(LayerPath.normalize(path), false);
        if (real == null) {
            return Optional.empty();
        }
        Node node = nodes.get(real);
        if (node != null && node.entry() instanceof LayerEntry.File) {
            return Optional.of(new Found(real, node));
        }
        return Optional.empty();
    }

    /** A file found in the tree. */
    public record Found(String realPath, Node node) {}

    @Override
    public List<String> list(String dir) {
        String real = resolve(LayerPath.normalize(dir), true);
        if (real == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        String prefix = real.isEmpty() ? "" : real + "/";
        for (String child : nodes.subMap(prefix, true, real.isEmpty() ? "\uffff" : real + "0", false).keySet()) {
            String name = child.substring(prefix.length());
            if (!name.isEmpty() && name.indexOf('/') < 0 && locate(child).isPresent()) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public List<String> find(Predicate<String> paths) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (e.getValue().entry() instanceof LayerEntry.File && paths.test(e.getKey())) {
                found.add(e.getKey());
            }
        }
        return found;
    }

    /** Problems met while building or reading the tree (link loops, dangling hard links), for the scan's warnings. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * The path {@code path} really names once every symbolic link on the way is followed; null when it cannot exist
     * (a file in the middle of the path, or a loop).
     */
    private String resolve(String path, boolean wantDirectory) {
        String current = path;
        int hops = 0;
        restart:
        while (true) {
            if (current.isEmpty()) {
                return "";
            }
            String[] parts = current.split("/");
            String prefix = "";
            for (int i = 0; i < parts.length; i++) {
                prefix = LayerPath.join(prefix, parts[i]);
                Node node = nodes.get(prefix);
                boolean last = i == parts.length - 1;
                if (node == null) {
                    if (last) {
                        return wantDirectory ? prefix : null;
                    }
                    continue;
                }
                if (node.entry() instanceof LayerEntry.Symlink link) {
                    if (++hops > MAX_LINK_HOPS) {
                        String problem = "/" + path + ": more than " + MAX_LINK_HOPS + " symbolic links (a loop?); treated as absent";
                        if (!problems.contains(problem)) {
                            problems.add(problem);
                        }
                        return null;
                    }
                    StringBuilder rest = new StringBuilder(link.resolved());
                    for (int j = i + 1; j < parts.length; j++) {
                        rest.append('/').append(parts[j]);
                    }
                    current = LayerPath.normalize(rest.toString());
                    continue restart;
                }
                if (!last && !(node.entry() instanceof LayerEntry.Directory)) {
                    return null;
                }
                if (last) {
                    return prefix;
                }
            }
            return prefix;
        }
    }
}
