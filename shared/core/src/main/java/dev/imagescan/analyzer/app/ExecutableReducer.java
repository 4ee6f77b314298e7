package dev.imagescan.analyzer.app;

import dev.imagescan.layer.FileReducer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces one executable for several analyzers in the one pass over it: each part's reducer reads on where the one
 * before it stopped (Go's build information sits in the first writable segment, cargo-auditable's dependency list
 * after the loaded segments), the bytes the parts before it read (not those they skipped; at most {@value #SEEN})
 * replayed to it first, since in a small program the sections lie close together; what each keeps is framed as
 * {@code <name> <length>\n<bytes>}, in order, so {@link #parts} gives every analyzer its own; then, when any part
 * kept something, the file's SHA-256 as the part {@code hash} (every byte goes through the digest as it is read or
 * skipped, and the rest of the file once the parts are done); null when no part keeps anything.
 */
public final class ExecutableReducer implements FileReducer {
    static final int SEEN = 256 * 1024;
    /** The part that holds the executable's SHA-256, after the others. */
    static final String HASH = "hash";
    private final List<Part> parts;

    /** One part: its name in the summary and its reducer. */
    public record Part(String name, FileReducer reducer) {}

    public ExecutableReducer(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        Hashing hashing = new Hashing(in);
        Counting counting = new Counting(hashing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            long left = size - counting.count;
            byte[] seen = counting.seen.toByteArray();
            InputStream replayed = seen.length == 0 ? counting
                    : new SequenceInputStream(new ByteArrayInputStream(seen), counting);
            byte[] kept = part.reducer.reduce(path, replayed, left + seen.length);
            if (kept != null) {
                out.write((part.name + " " + kept.length + "\n").getBytes(StandardCharsets.US_ASCII));
                out.write(kept);
            }
        }
        if (out.size() == 0) {
            return null;
        }
        // a program some part found something in: the rest of it through the digest, for its SHA-256
        counting.transferTo(OutputStream.nullOutputStream());
        byte[] hex = HexFormat.of().formatHex(hashing.digest.digest()).getBytes(StandardCharsets.US_ASCII);
        out.write((HASH + " " + hex.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(hex);
        return out.toByteArray();
    }

    /** The SHA-256 (lower-case hex) of the executable {@code summary} was made of; null when it has none. */
    public static String sha256(byte[] summary) {
        byte[] hex = parts(summary).get(HASH);
        return hex == null ? null : new String(hex, StandardCharsets.US_ASCII);
    }

    /**
     * The parts of a summary this reducer made, by name; empty when {@code summary} is not one (a file another
     * request kept whole, a malformed frame).
     */
    public static Map<String, byte[]> parts(byte[] summary) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int at = 0;
        while (at < summary.length) {
            int nl = at;
            while (nl < summary.length && nl - at < 64 && summary[nl] != '\n') {
                nl++;
            }
            if (nl >= summary.length || summary[nl] != '\n') {
                return Map.of();
            }
            String[] head = new String(summary, at, nl - at, StandardCharsets.US_ASCII).split(" ");
            int length;
            try {
                length = head.length == 2 ? Integer.parseInt(head[1]) : -1;
            } catch (NumberFormatException e) {
                return Map.of();
            }
            if (length < 0 || length > summary.length - nl - 1 || !head[0].matches("[a-z]+")) {
                return Map.of();
            }
            byte[] part = new byte[length];
            System.arraycopy(summary, nl + 1, part, 0, length);
            out.put(head[0], part);
            at = nl + 1 + length;
        }
        return out;
    }

    /** Every byte of the file through a SHA-256 digest, those skipped too. */
    private static final class Hashing extends FilterInputStream {
        final MessageDigest digest = AppFiles.sha256();
        private final byte[] skipped = new byte[8192];

        Hashing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long done = 0;
            while (done < n) {
                int r = read(skipped, 0, (int) Math.min(skipped.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public void close() {
            // the tar stream goes on
        }
    }

    /** Counts what the parts read, so the next knows how much is left, and keeps it (up to {@link #SEEN} bytes). */
    private static final class Counting extends FilterInputStream {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                if (seen.size() < SEEN) {
                    seen.write(b);
                }
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                if (seen.size() < SEEN) {
                    seen.write(b, off, Math.min(n, SEEN - seen.size()));
                }
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public void close() {
            // the tar stream goes on
        }
    }
}
