package dev.imagescan.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
  * Builds one image layer: a tar (optionally gzip- or zstd-compressed) holding exactly the entries
  * the caller adds, in the order added. No parent directories are added automatically (real layers
  * often lack them). Output is deterministic: every entry gets the same mtime ({@link #DEFAULT_MTIME}
  * unless {@link #mtime} says otherwise), uid/gid 0, user/group "root", so digests are stable.
  *
  * <p>Paths are given as they should appear in the tar, normally without a leading {@code /} (e.g.
  * {@code etc/os-release}); they are written verbatim (no normalization), so {@code ../x} or {@code
  * /abs} can be written too. {@link #dotSlashPrefix(boolean)} writes every name as {@code ./path},
  * as many base-image layers do.
  *
  * <p>The tar is written with POSIX (PAX) long names by default ({@link #gnuLongNames()} for GNU
  * {@code ././@LongLink}), PAX headers for big numbers and non-ASCII names, and a 512-byte block
  * size: the end-of-archive is exactly two zero blocks, as Go's archive/tar writes it (no padding to
  * a 10240-byte record as GNU tar does; {@link #tarBlockSize(int)} changes that).
  */
public final class LayerBuilder {
    /** The mtime given to every entry unless changed: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_MTIME = Instant.parse("2024-01-01T00:00:00Z");

    /** Writes the data of a streamed entry; must write exactly the size declared for it. */
    @FunctionalInterface
    public interface DataWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Item(TarArchiveEntry entry, DataWriter data) {}

    private final List<Item> items = new ArrayList<>();
    private byte[] rawTar;
    private Compression compression = Compression.NONE;
    private byte[] trailingGarbage = new byte[0];
    private Instant mtime = DEFAULT_MTIME;
    private boolean dotSlash;
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;
    private int blockSize = 512;
    private String mediaType;

    private LayerBuilder() {}

    /** A new, empty layer (uncompressed until {@link #compression} says otherwise). */
    public static LayerBuilder layer() {
        return new LayerBuilder();
    }

    /**
      * A layer whose uncompressed content is exactly these bytes (a hand-made or deliberately broken
      * tar); entries can't be added to it, compression and trailing garbage still apply.
      */
    public static LayerBuilder fromTar(byte[] tar) {
        LayerBuilder b = new LayerBuilder();
        b.rawTar = tar.clone();
        return b;
    }

    // ---------------------------------------------------------------- entries

    /** A regular file, mode 0644, content UTF-8. */
    public LayerBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A regular file, mode 0644. */
    public LayerBuilder file(String path, byte[] content) {
        return file(path, content, 0644);
    }

    /**
      * A regular file with the given permission bits (e.g. {@code 0755}, {@code 04755} for setuid);
      * file-type bits are added if absent.
      */
    public LayerBuilder file(String path, byte[] content, int mode) {
        byte[] data = content.clone();
        TarArchiveEntry e = newEntry(name(path), TarConstants.LF_NORMAL, fileMode(mode, 0100000));
        e.setSize(data.length);
        return add(e, out -> out.write(data));
    }

    /**
      * A regular file of {@code size} bytes whose data is produced by {@code writer} while the layer is
      * written (nothing is held in memory): for big files and bombs.
      */
    public LayerBuilder file(String path, long size, DataWriter writer) {
        TarArchiveEntry e = newEntry(name(path), TarConstants.LF_NORMAL, 0100644);
        e.setSize(size);
        return add(e, writer);
    }

    /** A regular file of {@code size} zero bytes, streamed. */
    public LayerBuilder zeros(String path, long size) {
        return file(path, size, out -> writeZeros(out, size));
    }

    /** A directory entry, mode 0755 (the name gets a trailing {@code /}). */
    public LayerBuilder dir(String path) {
        return dir(path, 0755);
    }

    /** A directory entry with the given permission bits. */
    public LayerBuilder dir(String path, int mode) {
        String n = name(path);
        if (!n.endsWith("/")) {
            n = n + "/";
        }
        return add(newEntry(n, TarConstants.LF_DIR, fileMode(mode, 040000)), null);
    }

    /** A symbolic link {@code path -> target} (target written verbatim, relative or absolute). */
    public LayerBuilder symlink(String path, String target) {
        TarArchiveEntry e = newEntry(name(path), TarConstants.LF_SYMLINK, 0120777);
        e.setLinkName(target);
        return add(e, null);
    }

    /**
      * A hard link: {@code path} is another name for the entry {@code linkTarget}, which in a tar is a
      * path relative to the archive root, e.g. {@code usr/bin/foo} (written verbatim, gets the
      * {@code ./} prefix too when {@link #dotSlashPrefix} is on).
      */
    public LayerBuilder hardlink(String path, String linkTarget) {
        TarArchiveEntry e = newEntry(name(path), TarConstants.LF_LINK, 0100644);
        e.setLinkName(name(linkTarget));
        return add(e, null);
    }

    /** A character device node (e.g. {@code dev/null} 1,3). */
    public LayerBuilder charDevice(String path, int major, int minor) {
        TarArchiveEntry e = newEntry(name(path), TarConstants.LF_CHR, 020666);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return add(e, null);
    }

    /** A FIFO. */
    public LayerBuilder fifo(String path) {
        return add(newEntry(name(path), TarConstants.LF_FIFO, 010644), null);
    }

    /**
      * An AUFS/OCI whiteout deleting {@code path} from lower layers: an empty regular file named
      * {@code <parent>/.wh.<name>}.
      */
    public LayerBuilder whiteout(String path) {
        String p = stripTrailingSlash(path);
        int slash = p.lastIndexOf('/');
        String wh = slash < 0 ? ".wh." + p : p.substring(0, slash + 1) + ".wh." + p.substring(slash + 1);
        return file(wh, new byte[0], 0644);
    }

    /** An opaque-directory whiteout: {@code <dir>/.wh..wh..opq} (hides everything lower layers put in dir). */
    public LayerBuilder opaque(String dir) {
        String d = stripTrailingSlash(dir);
        return file(d.isEmpty() ? ".wh..wh..opq" : d + "/.wh..wh..opq", new byte[0], 0644);
    }

    /**
      * A raw entry, written as given (name, type, mode, size, owner, times untouched) followed by
      * {@code data} (may be null). Use it for hostile entries: names with {@code ../}, absolute names,
      * odd types. Construct the entry with {@code new TarArchiveEntry(name, true)} or {@code
      * new TarArchiveEntry(name, type, true)}: without {@code preserveAbsolutePath=true} commons-compress
      * strips a leading {@code /}. Its size must equal the data length (commons-compress refuses
      * anything else; for a header that lies about the size see {@link HostileLayers}); for
      * convenience, a regular-file entry of size 0 given non-empty data gets the data's length.
      */
    public LayerBuilder entry(TarArchiveEntry entry, byte[] data) {
        Objects.requireNonNull(entry, "entry");
        if (data != null && data.length > 0 && entry.isFile() && entry.getSize() == 0) {
            entry.setSize(data.length);
        }
        byte[] copy = data == null ? null : data.clone();
        return add(entry, copy == null ? null : out -> out.write(copy));
    }

    /** A raw entry without data (directory, link, device, or an empty file). */
    public LayerBuilder entry(TarArchiveEntry entry) {
        return entry(entry, null);
    }

    // ---------------------------------------------------------------- options

    /** How the blob is compressed (default NONE); sets the OCI layer media type to match. */
    public LayerBuilder compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression);
        return this;
    }

    /**
      * Bytes appended after the tar's end-of-archive blocks, inside the compressed stream (so they are
      * part of the uncompressed layer and of its diffID, as they would be in a real blob).
      */
    public LayerBuilder trailingGarbage(byte[] garbage) {
        this.trailingGarbage = garbage.clone();
        return this;
    }

    /** The mtime of entries added after this call (default {@link #DEFAULT_MTIME}). */
    public LayerBuilder mtime(Instant mtime) {
        this.mtime = Objects.requireNonNull(mtime);
        return this;
    }

    /** Whether names added after this call are written as {@code ./path} (as in many base layers). */
    public LayerBuilder dotSlashPrefix(boolean on) {
        this.dotSlash = on;
        return this;
    }

    /** Long names (over 100 bytes) as GNU {@code ././@LongLink} entries instead of PAX headers. */
    public LayerBuilder gnuLongNames() {
        this.longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    /** The tar block size (multiple of 512; default 512; 10240 pads like GNU tar). */
    public LayerBuilder tarBlockSize(int blockSize) {
        if (blockSize <= 0 || blockSize % 512 != 0) {
            throw new IllegalArgumentException("block size must be a positive multiple of 512: " + blockSize);
        }
        this.blockSize = blockSize;
        return this;
    }

    /** Overrides the layer media type (default: the OCI type of the compression). */
    public LayerBuilder mediaType(String mediaType) {
        this.mediaType = mediaType;
        return this;
    }

    // ---------------------------------------------------------------- output

    /**
      * The uncompressed layer: the tar followed by any trailing garbage; its sha256 is the diffID.
      * Held in memory: not for bombs.
      */
    public byte[] tarBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeUncompressed(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
      * Writes the layer once, streaming: the uncompressed stream is hashed (diffID) on its way into the
      * compressor, whose output is hashed (digest) and kept; only the compressed blob is held in memory.
      */
    public BuiltLayer build() {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        Digests.HashingOutputStream blobHash = new Digests.HashingOutputStream(blob, false);
        String diffId;
        long uncompressed;
        try {
            OutputStream compressor = compression.compress(Digests.nonClosing(blobHash));
            Digests.HashingOutputStream tarHash = new Digests.HashingOutputStream(compressor, false);
            writeUncompressed(tarHash);
            compressor.close();
            diffId = tarHash.digest();
            uncompressed = tarHash.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = blob.toByteArray();
        return new BuiltLayer(
                bytes,
                blobHash.digest(),
                diffId,
                mediaType != null ? mediaType : compression.ociMediaType(),
                bytes.length,
                compression,
                uncompressed);
    }

    /** Writes the uncompressed layer (tar + trailing garbage) to {@code out}, without closing it. */
    public void writeUncompressed(OutputStream out) throws IOException {
        if (rawTar != null) {
            out.write(rawTar);
        } else {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(Digests.nonClosing(out), blockSize, "UTF-8");
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Item item : items) {
                tar.putArchiveEntry(item.entry());
                if (item.data() != null) {
                    item.data().writeTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.close();
        }
        out.write(trailingGarbage);
        out.flush();
    }

    // ---------------------------------------------------------------- helpers

    private LayerBuilder add(TarArchiveEntry e, DataWriter data) {
        if (rawTar != null) {
            throw new IllegalStateException("a layer made from raw tar bytes takes no entries");
        }
        items.add(new Item(e, data));
        return this;
    }

    private String name(String path) {
        Objects.requireNonNull(path, "path");
        return dotSlash && !path.startsWith("./") && !path.startsWith("/") ? "./" + path : path;
    }

    private TarArchiveEntry newEntry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
        e.setModTime(FileTime.from(mtime));
        e.setSize(0);
        return e;
    }

    private static int fileMode(int mode, int typeBits) {
        return (mode & 0170000) != 0 ? mode : mode | typeBits;
    }

    private static String stripTrailingSlash(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static void writeZeros(OutputStream out, long n) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int k = (int) Math.min(zeros.length, left);
            out.write(zeros, 0, k);
            left -= k;
        }
    }

    @Override
    public String toString() {
        return "LayerBuilder[" + items.size() + " entries, " + compression + "]"
                + (rawTar != null ? " raw " + Arrays.hashCode(rawTar) : "");
    }
}
