package dev.imagescan.functions.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Lambda gives a synchronous invocation at most 6 MB (6,291,456 bytes) of response, and the body travels inside the
 * response's JSON as a string: quotes, backslashes and control characters take two bytes or more there. A body
 * whose escaped UTF-8 size is over the limit is not sent: {@link ReportRoute} redirects to the report object in S3
 * (303), or answers 413 for a rendering that is no object.
 */
public final class ResponseLimit {
    /** Lambda's limit less 64 KiB for the status, headers and the envelope's own fields. */
    public static final int LAMBDA = 6 * 1024 * 1024 - 64 * 1024;

    private final int maxBytes;

    public ResponseLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Whether a raw body of {@code size} bytes could fit (the escaped size is at least the raw size). */
    public boolean mayFit(long size) {
        return size <= maxBytes;
    }

    /** Whether {@code body} fits once escaped as a JSON string. */
    public boolean fits(String body) {
        return escapedSize(body) <= maxBytes;
    }

    /** The bytes {@code body} takes as a JSON string's content, UTF-8. */
    static long escapedSize(String body) {
        long n = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                n += 2; // a surrogate pair is 4 bytes: 2 per half
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** A buffer that refuses to grow past the limit (a rendering that would not fit stops early). */
    public Buffer buffer() {
        return new Buffer(maxBytes);
    }

    /** An in-memory output that throws {@link TooLarge} when more than its limit is written to it. */
    public static final class Buffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        private final int max;

        Buffer(int max) {
            this.max = max;
        }

        @Override
        public void write(int b) {
            check(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check(len);
            bytes.write(b, off, len);
        }

        private void check(int more) {
            if ((long) bytes.size() + more > max) {
                throw new TooLarge();
            }
        }

        public byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** A rendering outgrew its {@link Buffer}. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }
}
