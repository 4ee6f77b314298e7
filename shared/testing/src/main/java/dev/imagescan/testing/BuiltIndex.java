package dev.imagescan.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
  * A built image index: its bytes and digest, and what it names. {@code direct}: index.json is this
  * index; otherwise index.json names this index as a blob.
  */
public record BuiltIndex(byte[] index, String digest, List<IndexBuilder.Child> children, boolean direct, String refName) {

    /** The images this index names directly (not those of nested indexes). */
    public List<BuiltImage> images() {
        return children.stream().filter(c -> c.image() != null).map(IndexBuilder.Child::image).toList();
    }

    /** The nested indexes this index names. */
    public List<BuiltIndex> nestedIndexes() {
        return children.stream().filter(c -> c.index() != null).map(IndexBuilder.Child::index).toList();
    }

    public String digestHex() {
        return Digests.hex(digest);
    }

    /** The content of index.json for this index. */
    public byte[] indexJson() {
        if (direct) {
            return index.clone();
        }
        var d = Json.descriptor(MediaTypes.OCI_INDEX, digest, index.length);
        if (refName != null) {
            Manifests.putAnnotations(d, Map.of(Manifests.REF_NAME, refName));
        }
        return Manifests.index(List.of(d), null);
    }

    public Path writeOciLayout(Path dir) throws IOException {
        return writeOciLayout(dir, Tamper.none());
    }

    public Path writeOciLayout(Path dir, Tamper tamper) throws IOException {
        ArchiveWriter.writeDir(dir, plan(tamper), tamper);
        return dir;
    }

    public Path writeOciArchive(Path tarFile) throws IOException {
        return writeOciArchive(tarFile, Tamper.none());
    }

    public Path writeOciArchive(Path tarFile, Tamper tamper) throws IOException {
        ArchiveWriter.writeTar(tarFile, plan(tamper), tamper, 0644, LayerBuilder.DEFAULT_MTIME);
        return tarFile;
    }

    private Plan plan(Tamper tamper) {
        if (!tamper.layerMediaTypes().isEmpty()) {
            throw new IllegalArgumentException("for an index, use BuiltImage.withLayerMediaType before adding the image");
        }
        Plan plan = OciPlans.newPlan();
        addBlobs(plan, this, true);
        OciPlans.finish(plan, indexJson());
        return plan;
    }

    private static void addBlobs(Plan plan, BuiltIndex idx, boolean top) {
        for (IndexBuilder.Child c : idx.children()) {
            if (c.image() != null) {
                OciPlans.addImageBlobs(plan, c.image());
            } else {
                addBlobs(plan, c.index(), false);
            }
        }
        if (!top || !idx.direct()) {
            plan.file(OciPlans.blobPath(idx.digest()), Plan.Kind.META, Content.of(idx.index()), idx.digest());
        }
    }
}
