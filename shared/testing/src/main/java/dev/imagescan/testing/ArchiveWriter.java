package dev.imagescan.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes a {@link Plan} as an outer tar or into a directory, applying a {@link Tamper}. */
final class ArchiveWriter {
    private ArchiveWriter() {}

    static void writeTar(Path tarFile, Plan plan, Tamper tamper, int fileMode, Instant mtime) throws IOException {
        List<Plan.Entry> entries = tamper.apply(plan);
        Path parent = tarFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tarFile), 1 << 16)) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(Digests.nonClosing(file), 512, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Plan.Entry e : entries) {
                TarArchiveEntry te;
                switch (e.kind) {
                    case RAW:
                        te = e.raw;
                        break;
                    case DIR:
                        te = entry(e.name.endsWith("/") ? e.name : e.name + "/", TarConstants.LF_DIR, 040755, mtime);
                        break;
                    case SYMLINK:
                        te = entry(e.name, TarConstants.LF_SYMLINK, 0120777, mtime);
                        te.setLinkName(e.linkTarget);
                        break;
                    default:
                        te = entry(e.name, TarConstants.LF_NORMAL, 0100000 | fileMode, mtime);
                        te.setSize(e.content.size());
                }
                tar.putArchiveEntry(te);
                if (e.content != null && (e.kind != Plan.Kind.RAW || te.getSize() > 0)) {
                    e.content.writeTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.close();
            if (tamper.trailingGarbageBytes() != null) {
                file.write(tamper.trailingGarbageBytes());
            }
        }
    }

    static void writeDir(Path dir, Plan plan, Tamper tamper) throws IOException {
        if (tamper.trailingGarbageBytes() != null) {
            throw new IllegalArgumentException("trailing garbage applies to archives, not to a layout directory");
        }
        List<Plan.Entry> entries = tamper.apply(plan);
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        for (Plan.Entry e : entries) {
            Path p = root.resolve(e.name).normalize();
            if (!p.startsWith(root)) {
                throw new IllegalArgumentException("entry would escape the layout directory: " + e.name);
            }
            switch (e.kind) {
                case DIR:
                    Files.createDirectories(p);
                    break;
                case SYMLINK:
                    Files.createDirectories(p.getParent());
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, p.getFileSystem().getPath(e.linkTarget));
                    break;
                default:
                    if (e.kind == Plan.Kind.RAW && !e.raw.isFile()) {
                        throw new IllegalArgumentException("only regular raw entries can go into a layout directory: " + e.name);
                    }
                    Files.createDirectories(p.getParent());
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
                        e.content.writeTo(out);
                    }
            }
        }
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, Instant mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(FileTime.from(mtime));
        e.setSize(0);
        return e;
    }
}
