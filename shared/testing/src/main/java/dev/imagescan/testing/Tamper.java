package dev.imagescan.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
  * What a writer should break, and how it orders entries. Blobs are named by digest: an OCI blob by
  * its own digest; in a docker archive a layer file answers to its blob digest and its diffID, the
  * config file to the config digest. Every blob or entry named must exist, or the writer throws
  * {@link IllegalArgumentException} (so a typo cannot silently turn a test into a no-op).
  *
  * <pre>{@code
  * image.writeOciArchive(out, Tamper.tamper().omitBlob(image.layers().get(0).digest()));
  * }</pre>
  */
public final class Tamper {
    private final Set<String> omitBlobs = new HashSet<>();
    private final Map<String, byte[]> replaceBlobs = new LinkedHashMap<>();
    private final Map<String, Long> truncateBlobs = new LinkedHashMap<>();
    private final Map<Integer, String> layerMediaTypes = new TreeMap<>();
    private final Set<String> omitEntries = new HashSet<>();
    private final Map<String, byte[]> replaceEntries = new LinkedHashMap<>();
    private final List<Plan.Entry> extras = new ArrayList<>();
    private byte[] trailingGarbage;
    private boolean metadataFirst;

    private Tamper() {}

    /** Nothing tampered, default order. */
    public static Tamper none() {
        return new Tamper();
    }

    /** A new, empty tamper to add to (same as {@link #none()}, reads better at call sites). */
    public static Tamper tamper() {
        return new Tamper();
    }

    /** The blob is not written: whatever points at it dangles. */
    public Tamper omitBlob(String digest) {
        omitBlobs.add(digest);
        return this;
    }

    /** The blob is written with these bytes under its old name: a digest (and size) mismatch. */
    public Tamper replaceBlob(String digest, byte[] bytes) {
        replaceBlobs.put(digest, bytes.clone());
        return this;
    }

    /** Only the first {@code n} bytes of the blob are written. */
    public Tamper truncateBlob(String digest, long n) {
        truncateBlobs.put(digest, n);
        return this;
    }

    /**
      * The manifest gives layer {@code index} this media type (e.g. {@link
      * MediaTypes#OCI_LAYER_TAR_ENCRYPTED}); the manifest is re-made, so its digest changes. For
      * single-image OCI writes and the {@link DockerArchiveStyle#DOCKER_OCI} style only (a plain
      * docker archive has no media types); for an index use {@link BuiltImage#withLayerMediaType}.
      */
    public Tamper layerMediaType(int index, String mediaType) {
        layerMediaTypes.put(index, mediaType);
        return this;
    }

    /** Bytes appended after the end-of-archive of the outer tar (archives only). */
    public Tamper trailingGarbage(byte[] garbage) {
        trailingGarbage = garbage.clone();
        return this;
    }

    /** An extra regular file (after the regular entries). In a layout directory it must stay inside it. */
    public Tamper extraFile(String name, byte[] content) {
        extras.add(new Plan.Entry(name, Plan.Kind.META, Content.of(content.clone()), null, Set.of(), null));
        return this;
    }

    /**
      * An extra raw entry for the outer tar, written as given (e.g. a symlink {@code blobs/sha256/x ->
      * /etc/passwd}, or a {@code ../escape} name); {@code data} may be null. Archives only.
      */
    public Tamper extraEntry(TarArchiveEntry entry, byte[] data) {
        byte[] d = data == null ? new byte[0] : data.clone();
        if (entry.isFile() && entry.getSize() == 0 && d.length > 0) {
            entry.setSize(d.length);
        }
        extras.add(new Plan.Entry(entry.getName(), Plan.Kind.RAW, Content.of(d), null, Set.of(), entry));
        return this;
    }

    /** The entry of this path (e.g. {@code oci-layout}, {@code manifest.json}) is not written. */
    public Tamper omitEntry(String path) {
        omitEntries.add(path);
        return this;
    }

    /** The entry of this path is written with these bytes instead. */
    public Tamper replaceEntry(String path, byte[] content) {
        replaceEntries.put(path, content.clone());
        return this;
    }

    /**
      * Metadata (index.json, oci-layout, manifest.json, configs, manifests) before layer blobs. By
      * default layers come first and metadata last, as skopeo and docker write archives, which is
      * the order a one-pass streaming reader finds hard.
      */
    public Tamper metadataFirst() {
        metadataFirst = true;
        return this;
    }

    // ---------------------------------------------------------------- used by the writers

    Map<Integer, String> layerMediaTypes() {
        return Collections.unmodifiableMap(layerMediaTypes);
    }

    byte[] trailingGarbageBytes() {
        return trailingGarbage;
    }

    /** The planned entries, tampered and ordered. */
    List<Plan.Entry> apply(Plan plan) {
        Set<String> matchedBlobs = new HashSet<>();
        Set<String> matchedEntries = new HashSet<>();
        List<Plan.Entry> out = new ArrayList<>();
        for (Plan.Entry e : plan.entries) {
            if (omitEntries.contains(e.name)) {
                matchedEntries.add(e.name);
                continue;
            }
            String omitted = firstMatch(e.aliases, omitBlobs);
            if (omitted != null) {
                matchedBlobs.add(omitted);
                continue;
            }
            Plan.Entry copy = new Plan.Entry(e.name, e.kind, e.content, e.linkTarget, e.aliases, e.raw);
            String replaced = firstMatch(e.aliases, replaceBlobs.keySet());
            if (replaced != null) {
                matchedBlobs.add(replaced);
                copy.content = Content.of(replaceBlobs.get(replaced));
            }
            if (replaceEntries.containsKey(e.name)) {
                matchedEntries.add(e.name);
                copy.content = Content.of(replaceEntries.get(e.name));
            }
            String truncated = firstMatch(e.aliases, truncateBlobs.keySet());
            if (truncated != null) {
                matchedBlobs.add(truncated);
                copy.content = Content.truncated(copy.content, truncateBlobs.get(truncated));
            }
            out.add(copy);
        }
        List<String> missing = new ArrayList<>();
        for (Set<String> targets : List.of(omitBlobs, replaceBlobs.keySet(), truncateBlobs.keySet())) {
            targets.stream().filter(t -> !matchedBlobs.contains(t)).forEach(t -> missing.add("blob " + t));
        }
        for (Set<String> targets : List.of(omitEntries, replaceEntries.keySet())) {
            targets.stream().filter(t -> !matchedEntries.contains(t)).forEach(t -> missing.add("entry " + t));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("tamper targets not in this archive: " + missing);
        }
        if (metadataFirst) {
            out.sort(Comparator.comparingInt(e -> e.kind == Plan.Kind.DIR ? 0 : e.kind == Plan.Kind.LAYER ? 2 : 1));
        }
        out.addAll(extras);
        return out;
    }

    private static String firstMatch(Set<String> aliases, Set<String> targets) {
        for (String a : aliases) {
            if (targets.contains(a)) {
                return a;
            }
        }
        return null;
    }
}
