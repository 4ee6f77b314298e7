package dev.imagescan.testing.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The head of one HTTP/1.1 message (request or response) as read off a connection, kept byte for byte so it can be
 * passed on unchanged (a SigV4 signature covers the host and the signed headers), with what a forwarder needs to know:
 * the start line and the body's framing. Also copies the body that follows, by its framing.
 */
final class HttpHead {
    /** A head larger than this is refused (the SDK's are a few KiB). */
    private static final int MAX_HEAD = 64 * 1024;

    private final byte[] bytes;
    private final String startLine;
    private final long contentLength;
    private final boolean chunked;
    private final boolean closes;
    private final boolean expectsContinue;
    private final String target;

    private HttpHead(byte[] bytes) {
        this.bytes = bytes;
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        this.startLine = lines[0];
        long length = -1;
        boolean isChunked = false;
        boolean close = false;
        boolean expect = false;
        String amzTarget = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> isChunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "expect" -> expect = value.equalsIgnoreCase("100-continue");
                case "x-amz-target" -> amzTarget = value;
                default -> { }
            }
        }
        this.contentLength = length;
        this.chunked = isChunked;
        this.closes = close;
        this.expectsContinue = expect;
        this.target = amzTarget;
    }

    /** Reads a head up to its blank line; null when the connection ends before one starts. */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the connection ended inside a message head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("a message head over " + MAX_HEAD + " bytes");
            }
        }
        return new HttpHead(head.toByteArray());
    }

    byte[] bytes() {
        return bytes;
    }

    /** The request method (a request's head). */
    String method() {
        return startLine.substring(0, Math.max(0, startLine.indexOf(' ')));
    }

    /** The request target, path and query (a request's head). */
    String path() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** The response status (a response's head). */
    int status() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    /** The {@code X-Amz-Target} header (the operation of a JSON protocol request), or null. */
    String amzTarget() {
        return target;
    }

    boolean expectsContinue() {
        return expectsContinue;
    }

    /** Whether the sender will close the connection after this message. */
    boolean closes() {
        return closes;
    }

    /** Whether a request with this head has a body. */
    boolean requestHasBody() {
        return chunked || contentLength > 0;
    }

    /** Whether a response with this head, to a request of {@code method}, is delimited by the connection's end. */
    boolean bodyUntilClose(String method) {
        return responseHasBody(method) && !chunked && contentLength < 0;
    }

    private boolean responseHasBody(String method) {
        int status = status();
        return !"HEAD".equals(method) && status >= 200 && status != 204 && status != 304;
    }

    /** Copies the body of a request with this head from {@code in} to {@code out}. */
    void copyRequestBody(InputStream in, OutputStream out) throws IOException {
        copyBody(in, out, chunked, contentLength);
    }

    /** Copies the body of a response with this head, to a request of {@code method}, from {@code in} to {@code out}. */
    void copyResponseBody(String method, InputStream in, OutputStream out) throws IOException {
        if (!responseHasBody(method)) {
            return;
        }
        if (bodyUntilClose(method)) {
            in.transferTo(out);
            return;
        }
        copyBody(in, out, chunked, contentLength);
    }

    private static void copyBody(InputStream in, OutputStream out, boolean chunked, long length) throws IOException {
        if (chunked) {
            copyChunked(in, out);
        } else if (length > 0) {
            copyExactly(in, out, length);
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in, out);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!line(in, out).isEmpty()) {
                    // trailers, up to the blank line
                }
                return;
            }
            copyExactly(in, out, size);
            line(in, out); // the CRLF after the chunk
        }
    }

    /** Copies one CRLF-ended line and returns it without the CRLF. */
    private static String line(InputStream in, OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                return text.substring(0, text.length() - 1);
            }
            text.append((char) b);
            previous = b;
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the connection ended " + left + " bytes before the body's end");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
