package dev.imagescan.layer;

import dev.imagescan.common.ScratchSpace;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Walks the members of one layer tar in a single forward pass and keeps what {@link WantedPaths} asks for: the wanted
 * files' contents, links and directories on the way to them, and whiteouts that reach them. Everything else is only
 * read past.
 */
final class TarWalker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final WantedPaths wanted;
    private final LayerLimits limits;
    private final ScratchSpace scratch;
    private final String layerName;
    private final int layerIndex;

    TarWalker(WantedPaths wanted, LayerLimits limits, ScratchSpace scratch, String layerName, int layerIndex) {
        this.wanted = wanted;
        this.limits = limits;
        this.scratch = scratch;
        this.layerName = layerName;
        this.layerIndex = layerIndex;
    }

    void walk(TarArchiveInputStream tar, LayerContents contents) throws IOException {
        MemberIndex members = contents.members();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String path = LayerPath.memberPath(entry.getName());
            if (path == null) {
                throw new CorruptLayerException(layerName + ": member '" + entry.getName()
                        + "' points outside the image root; container runtimes refuse such a layer");
            }
            if (path.isEmpty()) {
                continue;
            }
            remember(members, path);
            visit(tar, entry, path, contents);
        }
    }

    /** Notes the member, the directory holding it, and for a whiteout the path it deletes. */
    private static void remember(MemberIndex members, String path) {
        members.add(path);
        String parent = LayerPath.parent(path);
        members.add(parent);
        String name = LayerPath.name(path);
        if (name.startsWith(WHITEOUT) && !name.equals(OPAQUE)) {
            members.add(LayerPath.join(parent, name.substring(WHITEOUT.length())));
        }
    }

    private void visit(TarArchiveInputStream tar, TarArchiveEntry entry, String path, LayerContents contents)
            throws IOException {
        String name = LayerPath.name(path);
        if (name.startsWith(WHITEOUT)) {
            String parent = LayerPath.parent(path);
            if (name.equals(OPAQUE)) {
                if (wanted.deletionTouches(parent) || parent.isEmpty()) {
                    contents.opaque(parent);
                }
            } else {
                String deleted = LayerPath.join(parent, name.substring(WHITEOUT.length()));
                if (wanted.deletionTouches(deleted)) {
                    contents.whiteout(deleted);
                }
            }
            return;
        }
        if (entry.isSymbolicLink()) {
            if (wanted.touches(path)) {
                String resolved = LayerPath.resolveLink(path, entry.getLinkName());
                contents.put(path, new LayerEntry.Symlink(entry.getLinkName(), resolved));
                wanted.followSymlink(path, resolved, layerIndex);
            }
            return;
        }
        FileRequest request = wanted.match(path);
        if (entry.isLink()) {
            String target = LayerPath.memberPath(entry.getLinkName());
            if (target == null) {
                throw new CorruptLayerException(layerName + ": hard link '" + entry.getName() + "' points to '"
                        + entry.getLinkName() + "', outside the image root; container runtimes refuse such a layer");
            }
            if (request != null) {
                hardlink(path, target, request, contents);
            } else if (wanted.touches(path)) {
                contents.put(path, new LayerEntry.Other());
            }
            return;
        }
        if (entry.isDirectory()) {
            if (wanted.touches(path) || wanted.deletionTouches(path)) {
                contents.put(path, new LayerEntry.Directory());
            }
            return;
        }
        if (request != null && request.isPattern() && entry.isFile()) {
            CapturedFile kept = request.reducer() == null ? capture(tar, entry, path, request)
                    : reduce(tar, entry, path, request);
            if (kept != null) {
                wanted.chargePattern(layerName, kept.size());
                contents.put(path, new LayerEntry.File(kept));
            }
        } else if (request != null && entry.isFile()) {
            contents.put(path, new LayerEntry.File(capture(tar, entry, path, request)));
        } else if (wanted.touches(path)) {
            contents.put(path, new LayerEntry.Other());
        }
    }

    private void hardlink(String path, String target, FileRequest request, LayerContents contents) {
        LayerEntry seen = contents.entries().get(target);
        if (seen instanceof LayerEntry.File file) {
            contents.put(path, file);
            return;
        }
        if (request.isPattern()) {
            return; // the target was not kept (not wanted, or kept as itself where it is in a lower layer)
        }
        contents.put(path, new LayerEntry.Hardlink(target));
        wanted.followHardlink(request, target, layerIndex);
    }

    /** What the request's reducer keeps of the file; null when it keeps nothing. */
    private CapturedFile reduce(InputStream in, TarArchiveEntry entry, String path, FileRequest request)
            throws IOException {
        byte[] kept = request.reducer().reduce(path, new KeepOpen(in), entry.getSize());
        if (kept == null) {
            return null;
        }
        if (kept.length > request.maxBytes()) {
            throw new LimitExceededException(layerName + ": what is kept of /" + path + " is " + kept.length
                    + " bytes, more than the " + request.maxBytes() + " allowed for it");
        }
        return CapturedFile.ofBytes(kept);
    }

    /** The member's stream as a reducer sees it: closing it does not close the tar. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the tar stream goes on to the next member
        }
    }

    private CapturedFile capture(InputStream in, TarArchiveEntry entry, String path, FileRequest request)
            throws IOException {
        long size = entry.getSize();
        if (size > request.maxBytes()) {
            throw new LimitExceededException(layerName + ": /" + path + " is " + size + " bytes, more than the "
                    + request.maxBytes() + " allowed for it");
        }
        if (size <= limits.inMemoryBytes()) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length != size) {
                throw new EOFException("/" + path + " ends after " + bytes.length + " of its " + size + " bytes");
            }
            return CapturedFile.ofBytes(bytes);
        }
        Path file = scratch.newFile("captured");
        try (OutputStream out = Files.newOutputStream(file)) {
            long copied = in.transferTo(out);
            if (copied != size) {
                throw new EOFException("/" + path + " ends after " + copied + " of its " + size + " bytes");
            }
        }
        return CapturedFile.ofSpooled(file, size);
    }
}
