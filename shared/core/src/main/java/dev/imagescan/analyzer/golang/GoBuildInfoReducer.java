package dev.imagescan.analyzer.golang;

import dev.imagescan.layer.FileReducer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the build information of a Go executable (ELF, Go 1.18 or later) as it streams by, the way
 * {@code debug/buildinfo} finds it: the first writable, non-executable {@code PT_LOAD} segment holds, at a 16-byte
 * boundary in its first 64 KiB, the magic {@code \xff Go buildinf:}, a header, then the Go version and the module
 * information as varint-length strings. Reads the ELF header and program headers, skips to that segment, and keeps
 * {@code go<TAB>version\n} followed by the module information (lines {@code path}, {@code mod}, {@code dep},
 * {@code =>}, {@code build}); null for anything else. Go binaries built before Go 1.18 (pointer-format build
 * information) give the same, read by {@link OldBuildInfo}; when it cannot, they are kept as a single {@code old}
 * line, so the analyzer can say it did not read them.
 */
public final class GoBuildInfoReducer implements FileReducer {
    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEAD = 64 * 1024;
    private static final int SEARCH = 64 * 1024;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PF_X = 1;
    private static final int PF_W = 2;

    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        byte[] head = in.readNBytes((int) Math.min(HEAD, size));
        if (head.length < 64 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            return null;
        }
        boolean is64 = head[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(head).order(head[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(16) & 0xffff;
        if (type != 2 && type != 3) {
            return null; // not an executable (ET_EXEC) or position-independent executable (ET_DYN)
        }
        long phoff = is64 ? b.getLong(32) : b.getInt(28) & 0xffffffffL;
        int phentsize = b.getShort(is64 ? 54 : 42) & 0xffff;
        int phnum = b.getShort(is64 ? 56 : 44) & 0xffff;
        long dataOffset = -1;
        List<long[]> loads = new ArrayList<>();
        boolean goNote = false;
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at < 0 || at + (is64 ? 56 : 32) > head.length) {
                return null; // program headers not at the start: not what Go writes
            }
            int p = (int) at;
            int ptype = b.getInt(p);
            int flags = is64 ? b.getInt(p + 4) : b.getInt(p + 24);
            long offset = is64 ? b.getLong(p + 8) : b.getInt(p + 4) & 0xffffffffL;
            long vaddr = is64 ? b.getLong(p + 16) : b.getInt(p + 8) & 0xffffffffL;
            long filesz = is64 ? b.getLong(p + 32) : b.getInt(p + 16) & 0xffffffffL;
            if (ptype == PT_LOAD) {
                loads.add(new long[] {offset, vaddr, filesz});
            }
            if (ptype == PT_NOTE) {
                goNote |= hasGoNote(b, offset, filesz);
            }
            if (ptype == PT_LOAD && (flags & (PF_X | PF_W)) == PF_W && dataOffset < 0) {
                dataOffset = offset;
            }
        }
        if (dataOffset < 0 || dataOffset >= size) {
            return null;
        }
        // a Go program built before Go 1.18 points from its build information back to strings already streamed by:
        // remember the candidates on the way (only in a file that carries Go's build ID note)
        OldBuildInfo old = goNote ? new OldBuildInfo(loads, b.order(), is64 ? 8 : 4) : null;
        byte[] data = segmentStart(in, head, dataOffset, size, old);
        for (int i = 0; i + 32 <= data.length; i += 16) {
            if (Arrays.equals(data, i, i + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                if ((data[i + 15] & 2) == 0) {
                    String read = old == null ? null : old.read(data, i, dataOffset, in);
                    return (read == null ? "old\n" : read).getBytes(StandardCharsets.UTF_8);
                }
                return decode(data, i);
            }
        }
        return null;
    }

    /** Whether the note segment at {@code offset} (in the head) holds Go's build ID note ({@code "Go"}, type 4). */
    private static boolean hasGoNote(ByteBuffer b, long offset, long size) {
        long end = Math.min(offset + size, b.limit());
        for (long at = offset; at >= 0 && at + 16 <= end; ) {
            int namesz = b.getInt((int) at);
            int descsz = b.getInt((int) at + 4);
            int type = b.getInt((int) at + 8);
            if (namesz < 0 || descsz < 0 || namesz > 256 || descsz > 4096) {
                return false;
            }
            if (namesz == 4 && type == 4 && b.get((int) at + 12) == 'G' && b.get((int) at + 13) == 'o'
                    && b.get((int) at + 14) == 0) {
                return true;
            }
            at += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3);
        }
        return false;
    }

    /**
     * The first {@link #SEARCH} bytes at {@code offset}, from the head already read or further in the stream; the
     * bytes before it shown to {@code old} when there is one.
     */
    private static byte[] segmentStart(InputStream in, byte[] head, long offset, long size, OldBuildInfo old)
            throws IOException {
        int want = (int) Math.min(SEARCH, size - offset);
        if (old != null) {
            old.see(head, 0, (int) Math.min(head.length, offset), 0);
            if (offset <= head.length) {
                old.finish();
            }
        }
        if (offset + want <= head.length) {
            return Arrays.copyOfRange(head, (int) offset, (int) offset + want);
        }
        long skip = offset - head.length;
        if (skip < 0) {
            byte[] rest = in.readNBytes(want + (int) skip);
            byte[] out = new byte[want];
            System.arraycopy(head, (int) offset, out, 0, head.length - (int) offset);
            System.arraycopy(rest, 0, out, head.length - (int) offset, rest.length);
            return out;
        }
        if (old == null) {
            in.skipNBytes(skip);
        } else {
            old.scan(in, head.length, skip);
        }
        return in.readNBytes(want);
    }

    private static byte[] decode(byte[] data, int at) {
        int[] pos = {at + 32};
        String version = string(data, pos);
        String modinfo = string(data, pos);
        if (version == null || modinfo == null) {
            return null;
        }
        return summary(version, modinfo).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code go<TAB>version}, then the module information without the 16-byte sentinels that frame it. */
    static String summary(String version, String modinfo) {
        if (modinfo.length() >= 33 && modinfo.charAt(modinfo.length() - 17) == '\n') {
            modinfo = modinfo.substring(16, modinfo.length() - 16);
        }
        return "go\t" + version + "\n" + modinfo;
    }

    /** A uvarint-length-prefixed string at {@code pos[0]}; null when it runs past the data. */
    private static String string(byte[] data, int[] pos) {
        long len = 0;
        int shift = 0;
        while (pos[0] < data.length) {
            int b = data[pos[0]++] & 0xff;
            len |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                if (len > data.length - pos[0]) {
                    return null;
                }
                String s = new String(data, pos[0], (int) len, StandardCharsets.UTF_8);
                pos[0] += (int) len;
                return s;
            }
            shift += 7;
            if (shift > 35) {
                return null;
            }
        }
        return null;
    }
}
