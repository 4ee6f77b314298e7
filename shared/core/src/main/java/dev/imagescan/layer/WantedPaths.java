package dev.imagescan.layer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set of paths a scan keeps while streaming layers: the analyzers' requests, plus the places symbolic and hard
 * links lead them to. Answers, for each tar member, whether to keep it, and learns new targets as links are seen
 * (Debian's {@code etc/os-release -> ../usr/lib/os-release}). A target learnt at layer N may have been passed over in
 * layers up to N; {@link #takeLearnt()} hands those back so the scan can look for them again.
 */
public final class WantedPaths {
    /** Learning more link targets than this in one scan is treated as hostile. */
    static final int MAX_LEARNT = 1000;
    /** The most files one layer read keeps for pattern requests (a layer of 20,000 npm packages keeps 20,000). */
    static final int MAX_PATTERN_FILES = 200_000;
    /** The most bytes one layer read keeps for pattern requests, summed over its files. */
    static final long MAX_PATTERN_BYTES = 512L << 20;

    private final Map<String, FileRequest> files = new LinkedHashMap<>();
    private final Map<String, FileRequest> dirs = new LinkedHashMap<>();
    private final List<FileRequest> patterns = new ArrayList<>();
    private int patternFiles;
    private long patternBytes;
    private final Set<String> ancestors = new HashSet<>();
    private final List<Learnt> learnt = new ArrayList<>();
    private int learntTotal;

    /** A request learnt from a link seen while reading layer {@code layer}. */
    public record Learnt(FileRequest request, int layer) {}

    public WantedPaths(List<FileRequest> requests) {
        requests.forEach(this::add);
    }

    private boolean add(FileRequest request) {
        if (request.isPattern()) {
            patterns.add(request);
            return true;
        }
        Map<String, FileRequest> map = request.isDirectory() ? dirs : files;
        if (map.containsKey(request.path())) {
            return false;
        }
        map.put(request.path(), request);
        String parent = request.isDirectory() ? request.path() : LayerPath.parent(request.path());
        while (!parent.isEmpty() && ancestors.add(parent)) {
            parent = LayerPath.parent(parent);
        }
        return true;
    }

    /** The request a file at {@code path} answers, or null when the file is not wanted. */
    public FileRequest match(String path) {
        FileRequest exact = files.get(path);
        if (exact != null) {
            return exact;
        }
        FileRequest dir = dirs.get(LayerPath.parent(path));
        if (dir != null && dir.names().test(LayerPath.name(path))) {
            return dir;
        }
        for (FileRequest pattern : patterns) {
            if (pattern.anywhere().test(path)) {
                return pattern;
            }
        }
        return null;
    }

    /**
     * Counts a file kept for a pattern request against the caps of one layer read ({@link #MAX_PATTERN_FILES},
     * {@link #MAX_PATTERN_BYTES}); throws {@link LimitExceededException} naming {@code layerName} past them.
     */
    void chargePattern(String layerName, long bytes) {
        patternFiles++;
        patternBytes += bytes;
        if (patternFiles > MAX_PATTERN_FILES) {
            throw new LimitExceededException(layerName + ": holds more than " + MAX_PATTERN_FILES
                    + " application package files (jars, package.json, METADATA, binaries); refusing to go on");
        }
        if (patternBytes > MAX_PATTERN_BYTES) {
            throw new LimitExceededException(layerName + ": its application package files keep more than "
                    + MAX_PATTERN_BYTES + " bytes; refusing to go on");
        }
    }

    /**
     * Whether what a layer does at {@code path} (a link, a directory, a whiteout) can change the files wanted: the
     * path is wanted, a directory on the way to a wanted path, or inside a wanted directory.
     */
    public boolean touches(String path) {
        return files.containsKey(path) || ancestors.contains(path) || dirs.containsKey(LayerPath.parent(path));
    }

    /** Whether a deletion of {@code path} (and everything under it) reaches anything wanted. */
    public boolean deletionTouches(String path) {
        return !patterns.isEmpty() || touches(path) || dirs.containsKey(path);
    }

    /**
     * A symbolic link at {@code linkPath} pointing to {@code resolved} (from the root): the requests that go through it
     * are wanted at the target too. Returns whether anything new was learnt.
     */
    public boolean followSymlink(String linkPath, String resolved, int layer) {
        boolean any = false;
        FileRequest itself = match(linkPath);
        if (itself != null && itself.isDirectory() && !resolved.isEmpty()) {
            any |= learn(FileRequest.file(resolved, itself.maxBytes()), layer);
        }
        for (FileRequest request : snapshot()) {
            if (!request.isPattern() && LayerPath.isAtOrUnder(request.path(), linkPath)) {
                String moved = LayerPath.normalize(resolved + request.path().substring(linkPath.length()));
                if (!moved.isEmpty()) { // a link to the root: the root is no file nor a directory anyone asked for
                    any |= learn(request.movedTo(moved), layer);
                }
            }
        }
        return any;
    }

    /**
     * A hard link at a wanted path to {@code target}: the target's content is wanted (for a pattern request, only
     * when the target matches it too, as it is then kept where it is).
     */
    public boolean followHardlink(FileRequest request, String target, int layer) {
        if (request.isPattern() || target.isEmpty()) {
            return false; // a hard link to the root directory links to no file
        }
        return learn(FileRequest.file(target, request.maxBytes()), layer);
    }

    private boolean learn(FileRequest request, int layer) {
        if (!add(request)) {
            return false;
        }
        if (++learntTotal > MAX_LEARNT) {
            throw new LimitExceededException("links lead to more than " + MAX_LEARNT + " paths; the image looks hostile");
        }
        learnt.add(new Learnt(request, layer));
        return true;
    }

    /** Takes over a request another (narrower) set learnt while re-reading a layer. */
    public boolean adopt(Learnt other) {
        return learn(other.request(), other.layer());
    }

    /** The requests learnt since the last call, with the layer where each was learnt. */
    public List<Learnt> takeLearnt() {
        List<Learnt> taken = List.copyOf(learnt);
        learnt.clear();
        return taken;
    }

    private List<FileRequest> snapshot() {
        List<FileRequest> all = new ArrayList<>(files.values());
        all.addAll(dirs.values());
        return all;
    }
}
