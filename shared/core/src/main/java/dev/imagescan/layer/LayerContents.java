package dev.imagescan.layer;

import dev.imagescan.image.LayerDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one layer holds of the paths a scan wants: the entries at those paths (kept files, links, directories) and the
 * deletions it makes in the layers below (whiteouts and opaque directories).
 */
public final class LayerContents {
    private final LayerDescriptor layer;
    private final Map<String, LayerEntry> entries = new LinkedHashMap<>();
    private final Set<String> whiteouts = new LinkedHashSet<>();
    private final Set<String> opaqueDirs = new LinkedHashSet<>();
    private final MemberIndex members;
    private final List<WantedPaths.Learnt> learnt = new ArrayList<>();
    private long blobBytesRead;

    public LayerContents(LayerDescriptor layer) {
        this(layer, new MemberIndex());
    }

    private LayerContents(LayerDescriptor layer, MemberIndex members) {
        this.layer = layer;
        this.members = members;
    }

    public LayerDescriptor layer() {
        return layer;
    }

    /** Entries by path; a later tar member at the same path replaces an earlier one. */
    public Map<String, LayerEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Paths this layer deletes from the layers below ({@code .wh.<name>}). */
    public Set<String> whiteouts() {
        return Collections.unmodifiableSet(whiteouts);
    }

    /** Directories whose lower-layer contents this layer hides ({@code .wh..wh..opq}). */
    public Set<String> opaqueDirs() {
        return Collections.unmodifiableSet(opaqueDirs);
    }

    /** Every path the layer tar has, hashed: to decide whether a path learnt later is worth a second read. */
    public MemberIndex members() {
        return members;
    }

    /** Requests this layer's own links led to, while it was read (see {@link WantedPaths#takeLearnt()}). */
    public List<WantedPaths.Learnt> learnt() {
        return Collections.unmodifiableList(learnt);
    }

    void learnt(List<WantedPaths.Learnt> more) {
        learnt.addAll(more);
    }

    /** The bytes of the (compressed) blob read to find these contents; 0 when they were decoded from a cache entry. */
    public long blobBytesRead() {
        return blobBytesRead;
    }

    void blobBytesRead(long bytes) {
        blobBytesRead = bytes;
    }

    public boolean isEmpty() {
        return entries.isEmpty() && whiteouts.isEmpty() && opaqueDirs.isEmpty();
    }

    void put(String path, LayerEntry entry) {
        entries.put(path, entry);
    }

    void whiteout(String path) {
        whiteouts.add(path);
    }

    void opaque(String dir) {
        opaqueDirs.add(dir);
    }

    /**
     * The same contents for {@code other}, a layer with the same diffID listed again in the manifest: what it holds is
     * the same, so it is not read again ({@link #blobBytesRead()} 0, nothing learnt).
     */
    public LayerContents as(LayerDescriptor other) {
        if (!other.diffId().equals(layer.diffId())) {
            throw new IllegalArgumentException(other.describe() + " is not " + layer.describe());
        }
        LayerContents copy = new LayerContents(other, members);
        copy.entries.putAll(entries);
        copy.whiteouts.addAll(whiteouts);
        copy.opaqueDirs.addAll(opaqueDirs);
        return copy;
    }

    /** Adds what a second, narrower read of the same layer found (paths learnt after the first read). */
    public void merge(LayerContents more) {
        more.entries.forEach(entries::putIfAbsent);
        whiteouts.addAll(more.whiteouts);
        opaqueDirs.addAll(more.opaqueDirs);
    }
}
