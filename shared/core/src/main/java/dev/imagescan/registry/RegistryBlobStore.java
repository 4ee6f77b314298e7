package dev.imagescan.registry;

import dev.imagescan.image.BlobStore;
import dev.imagescan.image.Digest;
import dev.imagescan.image.ImageFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The blobs of one registry repository as a {@link BlobStore}: {@code blobs/ALG/HEX} is streamed from
 * {@code /v2/REPO/blobs/ALG:HEX} when opened (redirects to storage followed without the registry's credentials). A blob
 * never reads past the size its descriptor promises (one byte more, so that a longer blob fails its check): the layer
 * reader verifies the digest and size as it streams. A refusal (401, 403, 404) is a {@link RegistryException}, a
 * failure that may pass later an {@link UncheckedIOException}, so neither is mistaken for a corrupt layer.
 */
final class RegistryBlobStore implements BlobStore {
    private final RegistryTransport transport;
    private final ImageReference reference;
    private final Map<String, Long> sizes;
    private final FetchCounter counter;

    RegistryBlobStore(RegistryTransport transport, ImageReference reference, Map<String, Long> sizes,
            FetchCounter counter) {
        this.transport = transport;
        this.reference = reference;
        this.sizes = Map.copyOf(sizes);
        this.counter = counter;
    }

    @Override
    public String describe() {
        return reference.toString();
    }

    @Override
    public long size(String path) {
        Long size = sizes.get(path);
        return size == null ? -1 : size;
    }

    @Override
    public InputStream open(String path) {
        Digest digest = digestOf(path);
        String what = reference.repositoryName() + " blob " + digest.shortForm();
        try {
            HttpAnswer response = transport.get("/v2/" + reference.repository() + "/blobs/" + digest,
                    null, RegistryImageSource.scope(reference));
            RegistryResponses.requireOk(response, what, transport);
            counter.blobOpened();
            long size = size(path);
            return new CountingStream(response.body(), size < 0 ? Long.MAX_VALUE : size + 1, counter);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held between requests: the HTTP client belongs to the RegistryClient
    }

    private Digest digestOf(String path) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[0].equals("blobs")) {
            throw new ImageFormatException(describe() + ": no blob at '" + path + "'");
        }
        return new Digest(parts[1], parts[2]);
    }

    /** Counts the bytes read into the {@link FetchCounter} and ends the stream after {@code limit} bytes. */
    private static final class CountingStream extends FilterInputStream {
        private final FetchCounter counter;
        private long remaining;

        CountingStream(InputStream in, long limit, FetchCounter counter) {
            super(in);
            this.remaining = limit;
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                counter.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }
    }
}
