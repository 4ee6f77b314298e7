package dev.imagescan.image;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Reads small JSON documents (indexes, manifests, configs) from a store: size-capped and digest-checked. */
final class JsonBlobs {
    static final int MAX_JSON_BYTES = 4 * 1024 * 1024;

    private JsonBlobs() {}

    /** The bytes of {@code path}; over {@link #MAX_JSON_BYTES} or missing is an {@link ImageFormatException}. */
    static byte[] read(BlobStore store, String path, String what) throws IOException {
        long size = store.size(path);
        if (size < 0) {
            throw new ImageFormatException(store.describe() + ": " + what + " '" + path + "' is missing");
        }
        if (size > MAX_JSON_BYTES) {
            throw new ImageFormatException(store.describe() + ": " + what + " '" + path + "' is " + size
                    + " bytes, more than the " + MAX_JSON_BYTES + " a JSON document may have");
        }
        try (InputStream in = store.open(path)) {
            return in.readNBytes(MAX_JSON_BYTES + 1);
        }
    }

    /** The blob named by {@code digest}, checked against the digest and (when known) the size. */
    static byte[] readBlob(BlobStore store, Digest digest, Long size, String what) throws IOException {
        byte[] bytes = read(store, blobPath(digest), what + " " + digest.shortForm());
        verify(store, digest, size, bytes, what);
        return bytes;
    }

    static void verify(BlobStore store, Digest digest, Long size, byte[] bytes, String what) {
        MessageDigest hasher = digest.newHasher();
        Digest actual = Digest.of(digest.algorithm(), hasher.digest(bytes));
        if (!actual.equals(digest)) {
            throw new DigestMismatchException(store.describe() + ": " + what + " blob " + digest.shortForm()
                    + " has content digest " + actual + ", not " + digest);
        }
        if (size != null && size != bytes.length) {
            throw new DigestMismatchException(store.describe() + ": " + what + " blob " + digest.shortForm()
                    + " is " + bytes.length + " bytes, the descriptor says " + size);
        }
    }

    /** The JSON value in {@code bytes} (maps, lists, strings, numbers); not JSON is an {@link ImageFormatException}. */
    static Object parse(BlobStore store, byte[] bytes, String what) {
        try {
            Object value = JSON.std.anyFrom(bytes);
            if (value == null) {
                throw new ImageFormatException(store.describe() + ": " + what + " is empty JSON (null)");
            }
            return value;
        } catch (IOException e) {
            throw new ImageFormatException(store.describe() + ": " + what + " is not valid JSON: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** The JSON object in {@code bytes}. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> parseObject(BlobStore store, byte[] bytes, String what) {
        Object value = parse(store, bytes, what);
        if (!(value instanceof java.util.Map)) {
            throw new ImageFormatException(store.describe() + ": " + what + " is not a JSON object");
        }
        return (java.util.Map<String, Object>) value;
    }

    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
