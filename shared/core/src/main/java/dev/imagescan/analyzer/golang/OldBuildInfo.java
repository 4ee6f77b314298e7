package dev.imagescan.analyzer.golang;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build information of a Go program built before Go 1.18, read in the one forward pass over the file. Its
 * {@code .go.buildinfo} header (at the start of the data segment) holds two pointers, to the string headers of
 * {@code runtime.buildVersion} and {@code runtime.modinfo} further on in the data segment, whose bytes lie in the
 * read-only data before it: already streamed by when the pointers are read. So while the file streams by to the data
 * segment, the candidates are remembered — each {@code go1.} string (its first {@value #VERSION_BYTES} bytes, at most
 * {@value #MAX_VERSIONS}) and each block that starts with the module information's 16-byte sentinel (at most
 * {@value #MAX_MODINFOS}, {@value #MAX_MODINFO} bytes each) — by file offset; then the pointers, turned into file
 * offsets through the program headers, pick the right ones, exactly as {@code debug/buildinfo} would read them.
 */
final class OldBuildInfo {
    static final byte[] MODINFO_START = {0x30, 0x77, (byte) 0xaf, 0x0c, (byte) 0x92, 0x74, 0x08, 0x02, 0x41,
        (byte) 0xe1, (byte) 0xc1, 0x07, (byte) 0xe6, (byte) 0xd6, 0x18, (byte) 0xe6};
    static final int VERSION_BYTES = 48;
    static final int MAX_VERSIONS = 4096;
    static final int MAX_MODINFOS = 8;
    static final int MAX_MODINFO = 512 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int CARRY = VERSION_BYTES;

    private final List<long[]> loads;
    private final ByteOrder order;
    private final int ptrSize;
    private final Map<Long, byte[]> versions = new HashMap<>();
    private final Map<Long, ByteArrayOutputStream> modinfos = new LinkedHashMap<>();
    private final byte[] window = new byte[CHUNK + CARRY];
    private int windowLength;
    private long windowBase;

    /**
     * @param loads   the {@code PT_LOAD} segments: file offset, virtual address, size in the file
     * @param order   the file's byte order
     * @param ptrSize 8 for a 64-bit file, 4 for a 32-bit one
     */
    OldBuildInfo(List<long[]> loads, ByteOrder order, int ptrSize) {
        this.loads = loads;
        this.order = order;
        this.ptrSize = ptrSize;
    }

    /** Shows the bytes {@code from}..{@code to} of {@code buffer}, the file's first bytes ({@code base} 0). */
    void see(byte[] buffer, int from, int to, long base) {
        windowBase = base + from;
        feed(buffer, from, to - from);
    }

    /** Looks for candidates in what is left of the bytes shown: the data segment comes next. */
    void finish() {
        process(windowLength);
    }

    /** Reads {@code count} bytes of {@code in} (the file from {@code position} on), remembering the candidates. */
    void scan(InputStream in, long position, long count) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the file ends before its data segment");
            }
            feed(buffer, 0, n);
            left -= n;
        }
        finish();
    }

    private void feed(byte[] buffer, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, window.length - windowLength);
            System.arraycopy(buffer, offset, window, windowLength, n);
            windowLength += n;
            offset += n;
            length -= n;
            if (windowLength == window.length) {
                process(windowLength - CARRY);
                System.arraycopy(window, windowLength - CARRY, window, 0, CARRY);
                windowBase += windowLength - CARRY;
                windowLength = CARRY;
            }
        }
    }

    /** Looks for candidates starting before {@code limit} in the window, and extends the blocks being kept. */
    private void process(int limit) {
        for (Map.Entry<Long, ByteArrayOutputStream> m : modinfos.entrySet()) {
            extend(m.getKey(), m.getValue());
        }
        for (int i = 0; i < limit; i++) {
            byte c = window[i];
            if (c == 'g' && i + 4 <= windowLength && window[i + 1] == 'o' && window[i + 2] == '1'
                    && window[i + 3] == '.' && versions.size() < MAX_VERSIONS) {
                int n = Math.min(VERSION_BYTES, windowLength - i);
                byte[] v = new byte[n];
                System.arraycopy(window, i, v, 0, n);
                versions.put(windowBase + i, v);
            } else if (c == MODINFO_START[0] && i + MODINFO_START.length <= windowLength
                    && modinfos.size() < MAX_MODINFOS && startsModinfo(i)) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                modinfos.put(windowBase + i, block);
                extend(windowBase + i, block);
            }
        }
    }

    private boolean startsModinfo(int at) {
        for (int k = 0; k < MODINFO_START.length; k++) {
            if (window[at + k] != MODINFO_START[k]) {
                return false;
            }
        }
        return true;
    }

    /** Appends to the block that starts at file offset {@code start} what the window holds past its end. */
    private void extend(long start, ByteArrayOutputStream block) {
        long next = start + block.size();
        long end = windowBase + windowLength;
        if (next < windowBase || next >= end || block.size() >= MAX_MODINFO) {
            return;
        }
        int n = (int) Math.min(end - next, MAX_MODINFO - block.size());
        block.write(window, (int) (next - windowBase), n);
    }

    /**
     * The summary ({@link GoBuildInfoReducer#summary}) of the build information whose header is at {@code at} in
     * {@code data} (the first bytes of the data segment, at file offset {@code dataOffset}), reading on in
     * {@code in} (positioned just after {@code data}) for the string headers; null when they cannot be followed.
     */
    String read(byte[] data, int at, long dataOffset, InputStream in) throws IOException {
        if ((data[at + 14] & 0xff) != ptrSize) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(data).order(data[at + 15] != 0 ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        long versionHeader = offsetOf(pointer(header, at + 16));
        long modinfoHeader = offsetOf(pointer(header, at + 16 + ptrSize));
        if (versionHeader < 0 || modinfoHeader < 0) {
            return null;
        }
        Map<Long, byte[]> headers = new HashMap<>();
        long position = dataOffset + data.length;
        for (long h : new long[] {Math.min(versionHeader, modinfoHeader), Math.max(versionHeader, modinfoHeader)}) {
            if (h >= dataOffset && h + 2L * ptrSize <= position) {
                int i = (int) (h - dataOffset);
                headers.put(h, Arrays.copyOfRange(data, i, i + 2 * ptrSize));
            } else if (h >= position) {
                in.skipNBytes(h - position);
                byte[] bytes = in.readNBytes(2 * ptrSize);
                position = h + bytes.length;
                headers.put(h, bytes);
            }
        }
        String version = string(headers.get(versionHeader), data, dataOffset, false);
        String modinfo = string(headers.get(modinfoHeader), data, dataOffset, true);
        if (version == null || !version.startsWith("go") || modinfo == null) {
            return null;
        }
        return GoBuildInfoReducer.summary(version, modinfo);
    }

    /** The string a string header points at, from the data segment's start or the remembered candidates. */
    private String string(byte[] stringHeader, byte[] data, long dataOffset, boolean modinfo) {
        if (stringHeader == null || stringHeader.length < 2 * ptrSize) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(stringHeader).order(order);
        long length = pointer(b, ptrSize);
        if (length == 0) {
            return "";
        }
        long offset = offsetOf(pointer(b, 0));
        if (offset < 0 || length < 0 || length > MAX_MODINFO) {
            return null;
        }
        byte[] bytes = null;
        if (offset >= dataOffset && offset + length <= dataOffset + data.length) {
            bytes = Arrays.copyOfRange(data, (int) (offset - dataOffset), (int) (offset - dataOffset
                    + length));
        } else if (modinfo && modinfos.containsKey(offset) && modinfos.get(offset).size() >= length) {
            bytes = Arrays.copyOf(modinfos.get(offset).toByteArray(), (int) length);
        } else if (!modinfo && versions.containsKey(offset) && versions.get(offset).length >= length) {
            bytes = Arrays.copyOf(versions.get(offset), (int) length);
        }
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private long pointer(ByteBuffer b, int at) {
        return ptrSize == 8 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
    }

    /** The file offset of virtual address {@code address}; -1 when no loaded segment holds it in the file. */
    private long offsetOf(long address) {
        for (long[] load : loads) {
            if (address >= load[1] && address - load[1] < load[2]) {
                return load[0] + (address - load[1]);
            }
        }
        return -1;
    }
}
