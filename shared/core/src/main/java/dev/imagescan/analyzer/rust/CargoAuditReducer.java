package dev.imagescan.analyzer.rust;

import dev.imagescan.layer.FileReducer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Keeps the dependency list {@code cargo auditable} embeds in a Rust executable: the {@code .dep-v0} section, a
 * zlib stream of JSON ({@code {"packages":[…]}}). ELF puts that section (flags 0, not loaded) after every loaded
 * segment, and its header at the very end of the file, so a forward-only reader cannot look the section up first:
 * it reads on and keeps the first zlib stream that inflates to {@code {"packages"} (no other content of an executable
 * does), compressed as it is, up to {@link #MAX_COMPRESSED} bytes; null when there is none, or when the file is not
 * ELF. Memory stays at a 64 KiB window whatever the file holds.
 */
public final class CargoAuditReducer implements FileReducer {
    /** The most compressed bytes kept: far above the few KiB a real dependency list takes. */
    public static final int MAX_COMPRESSED = 512 * 1024;
    /** The most JSON one section may inflate to (cargo-auditable's own parser allows 8 MiB). */
    public static final int MAX_JSON = 8 << 20;
    static final byte[] PREFIX = "{\"packages\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;
    private static final int LOOK = 4096;

    /** Only an ELF file is scanned: anything else that reaches the executables' request is left at its first bytes. */
    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4 || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
            return null;
        }
        return find(new SequenceInputStream(new ByteArrayInputStream(magic), in));
    }

    /** The compressed audit data in what is left of {@code in}; null when there is none. */
    public static byte[] find(InputStream in) throws IOException {
        byte[] buf = new byte[CHUNK + LOOK];
        int len = 0;
        boolean eof = false;
        Inflater inflater = new Inflater();
        try {
            while (true) {
                while (!eof && len < buf.length) {
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        eof = true;
                    } else {
                        len += n;
                    }
                }
                int limit = eof ? len : len - LOOK;
                for (int i = 0; i + 1 < len && i < limit; i++) {
                    if (isZlibHeader(buf[i], buf[i + 1]) && inflatesToPackages(inflater, buf, i, len)) {
                        return stream(inflater, buf, i, len, in);
                    }
                }
                if (eof) {
                    return null;
                }
                System.arraycopy(buf, limit, buf, 0, len - limit);
                len -= limit;
            }
        } finally {
            inflater.end();
        }
    }

    /** A zlib header: deflate with a 32 KiB window (0x78), and a check value that makes the pair a multiple of 31. */
    private static boolean isZlibHeader(byte cmf, byte flg) {
        return cmf == 0x78 && ((0x78 << 8) | (flg & 0xff)) % 31 == 0 && (flg & 0x20) == 0;
    }

    private static boolean inflatesToPackages(Inflater inflater, byte[] buf, int at, int len) {
        inflater.reset();
        inflater.setInput(buf, at, Math.min(LOOK, len - at));
        byte[] out = new byte[PREFIX.length];
        int got = 0;
        int idle = 0;
        try {
            while (got < out.length) {
                int n = inflater.inflate(out, got, out.length - got);
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary()
                        || ++idle > 64)) {
                    return false;
                }
                got += n;
            }
        } catch (DataFormatException e) {
            return false;
        }
        return Arrays.equals(out, PREFIX);
    }

    /** The whole zlib stream starting at {@code buf[at]}, reading on in {@code in}; null if it is too large. */
    private static byte[] stream(Inflater inflater, byte[] buf, int at, int len, InputStream in) throws IOException {
        inflater.reset();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] sink = new byte[16 * 1024];
        byte[] chunk = Arrays.copyOfRange(buf, at, len);
        long inflated = 0;
        try {
            while (true) {
                compressed.write(chunk, 0, chunk.length);
                inflater.setInput(chunk);
                while (!inflater.finished() && !inflater.needsInput()) {
                    inflated += inflater.inflate(sink);
                    if (inflated > MAX_JSON) {
                        return null;
                    }
                }
                if (inflater.finished()) {
                    return Arrays.copyOf(compressed.toByteArray(), (int) inflater.getBytesRead());
                }
                if (compressed.size() > MAX_COMPRESSED) {
                    return null;
                }
                chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0) {
                    return null; // the stream is cut short
                }
            }
        } catch (DataFormatException e) {
            return null;
        }
    }
}
