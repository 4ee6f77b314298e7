package dev.imagescan.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/** Layers made to hurt a reader: bombs, lying headers, escaping paths, truncated tars. */
public final class HostileLayers {
    /** 10 GiB. */
    public static final long TEN_GIB = 10L * 1024 * 1024 * 1024;

    /** How a size that does not fit the 11-digit octal ustar field is encoded. */
    public enum SizeEncoding {
        /** A PAX extended header {@code size=N} before the entry (what Go's archive/tar writes). */
        PAX,
        /** GNU/star base-256 binary in the size field itself. */
        BASE256
    }

    private HostileLayers() {}

    /** A layer whose tar holds one file {@code bomb} of {@code zeros} zero bytes, compressed; streamed. */
    public static BuiltLayer bomb(long zeros, Compression compression) {
        return LayerBuilder.layer().zeros("bomb", zeros).compression(compression).build();
    }

    /**
      * A gzip layer whose only entry, {@code huge.bin}, claims 10 GiB (PAX size record) but whose data
      * is 1024 bytes of {@code 'A'}, and then the stream ends (no end-of-archive).
      */
    public static BuiltLayer tenGiBHeaderShortData() {
        return lyingSizeLayer("huge.bin", TEN_GIB, 1024, SizeEncoding.PAX, Compression.GZIP);
    }

    /**
      * A layer whose only regular-file entry {@code name} claims {@code claimedSize} bytes but carries
      * {@code actualBytes} bytes of {@code 'A'} (padded to a 512-byte block), after which the
      * uncompressed stream ends: no further blocks, no end-of-archive marker.
      */
    public static BuiltLayer lyingSizeLayer(
            String name, long claimedSize, int actualBytes, SizeEncoding encoding, Compression compression) {
        return LayerBuilder.fromTar(lyingSizeTar(name, claimedSize, actualBytes, encoding)).compression(compression).build();
    }

    /** The uncompressed tar bytes of {@link #lyingSizeLayer}. */
    public static byte[] lyingSizeTar(String name, long claimedSize, int actualBytes, SizeEncoding encoding) {
        try {
            ZipEncoding utf8 = ZipEncodingHelper.getZipEncoding("UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] block = new byte[512];
            if (encoding == SizeEncoding.PAX) {
                byte[] record = paxRecord("size", Long.toString(claimedSize));
                TarArchiveEntry pax = header("PaxHeaders.0/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
                pax.setSize(record.length);
                pax.writeEntryHeader(block, utf8, false);
                out.write(block);
                out.write(padded(record));
                TarArchiveEntry e = header(name, TarConstants.LF_NORMAL);
                // the ustar field cannot hold the size; the PAX record rules. Go writes 0 there too.
                e.setSize(0);
                block = new byte[512];
                e.writeEntryHeader(block, utf8, false);
                out.write(block);
            } else {
                TarArchiveEntry e = header(name, TarConstants.LF_NORMAL);
                e.setSize(claimedSize);
                e.writeEntryHeader(block, utf8, true); // star mode: base-256 for big numbers
                out.write(block);
            }
            byte[] data = new byte[actualBytes];
            java.util.Arrays.fill(data, (byte) 'A');
            out.write(padded(data));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
      * Entries that try to leave the extraction root or the layer: {@code ../../../etc/cron.d/evil},
      * the absolute {@code /etc/shadow-evil}, a symlink {@code etc/escape -> ../../../../../etc},
      * a file written through it {@code etc/escape/passwd}, an absolute symlink {@code
      * usr/lib/os-release -> /etc/os-release} (legitimate in real images, resolved inside the rootfs),
      * and a hard link to {@code ../../etc/passwd}. Uncompressed; chain {@code .compression(..)} to change.
      */
    public static LayerBuilder escapingEntries() {
        byte[] evil = "* * * * * root /bin/sh -c evil\n".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry hard = header("etc/hardlink-out", TarConstants.LF_LINK);
        hard.setLinkName("../../etc/passwd");
        return LayerBuilder.layer()
                .entry(header("../../../etc/cron.d/evil", TarConstants.LF_NORMAL), evil)
                .entry(header("/etc/shadow-evil", TarConstants.LF_NORMAL), "root::0:0:::::\n".getBytes(StandardCharsets.UTF_8))
                .symlink("etc/escape", "../../../../../etc")
                .file("etc/escape/passwd", "root::0:0:root:/root:/bin/sh\n")
                .symlink("usr/lib/os-release", "/etc/os-release")
                .entry(hard);
    }

    /** The first {@code keepBytes} bytes of a layer's tar, as a layer (a tar cut mid-stream). */
    public static BuiltLayer truncatedTar(LayerBuilder source, int keepBytes, Compression compression) {
        byte[] tar = source.tarBytes();
        return LayerBuilder.fromTar(java.util.Arrays.copyOf(tar, Math.min(keepBytes, tar.length)))
                .compression(compression)
                .build();
    }

    /**
      * A blob that claims to be a gzip layer but is not gzip at all. Its diffID is a placeholder (the
      * sha256 of the junk itself): there is no uncompressed stream to hash.
      */
    public static BuiltLayer notGzip() {
        byte[] junk = "this is not a gzip stream, nor a tar\n".getBytes(StandardCharsets.UTF_8);
        return new BuiltLayer(junk, Digests.sha256(junk), Digests.sha256(junk), MediaTypes.OCI_LAYER_TAR_GZIP,
                junk.length, Compression.GZIP, junk.length);
    }

    private static TarArchiveEntry header(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(type == TarConstants.LF_SYMLINK ? 0120777 : 0100644);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
        e.setModTime(FileTime.from(LayerBuilder.DEFAULT_MTIME));
        e.setSize(0);
        return e;
    }

    /**
      * The uncompressed bytes of a tar that opens with one extended header of type {@code typeflag} ({@code 'x'},
      * {@code 'g'}: PAX; {@code 'L'}, {@code 'K'}: GNU long name and link) named {@code name}, whose size field
      * claims {@code claimedSize} bytes, followed by {@code following} (padded to a record) and nothing else: the
      * header of a memory bomb without its payload.
      */
    public static byte[] extendedHeaderTar(char typeflag, String name, long claimedSize, byte[] following) {
        try {
            ZipEncoding utf8 = ZipEncodingHelper.getZipEncoding("UTF-8");
            TarArchiveEntry header = header(name, (byte) typeflag);
            header.setSize(claimedSize);
            byte[] block = new byte[512];
            header.writeEntryHeader(block, utf8, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(block);
            out.write(padded(following));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
      * The uncompressed bytes of a tar holding one file {@code name} with {@code content}, announced by a PAX
      * extended header whose {@code path} record really is about {@code pathBytes} long (a directory {@code aaa…}
      * before {@code name}, which the record's reader must load whole), then an end-of-archive. The name in the ustar
      * header itself is {@code name}.
      */
    public static byte[] longPaxPathTar(String name, int pathBytes, byte[] content) {
        try {
            ZipEncoding utf8 = ZipEncodingHelper.getZipEncoding("UTF-8");
            String padding = "a".repeat(Math.max(1, pathBytes - name.length() - 1)) + "/";
            byte[] record = paxRecord("path", padding + name);
            ByteArrayOutputStream out = new ByteArrayOutputStream(record.length + 4096);
            byte[] block = new byte[512];
            TarArchiveEntry pax = header("PaxHeaders.0/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            pax.setSize(record.length);
            pax.writeEntryHeader(block, utf8, false);
            out.write(block);
            out.write(padded(record));
            TarArchiveEntry file = header(name, TarConstants.LF_NORMAL);
            file.setSize(content.length);
            block = new byte[512];
            file.writeEntryHeader(block, utf8, false);
            out.write(block);
            out.write(padded(content));
            out.write(new byte[1024]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PAX record {@code "<len> key=value\n"} whose length counts itself. */
    private static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.length() + 1;
        while (Integer.toString(len).length() + body.length() != len) {
            len++;
        }
        return (len + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] padded(byte[] data) {
        int n = (data.length + 511) / 512 * 512;
        return java.util.Arrays.copyOf(data, n);
    }
}
