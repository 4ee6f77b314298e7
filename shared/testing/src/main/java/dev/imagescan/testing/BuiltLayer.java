package dev.imagescan.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
  * A built layer blob. {@code digest} is {@code sha256:} of {@code blob} (what a manifest names),
  * {@code diffId} is {@code sha256:} of the uncompressed stream (what the config's
  * {@code rootfs.diff_ids} names), {@code size} is the blob length, {@code uncompressedSize} the
  * length of the uncompressed stream. Being a record over an array, equality is by array identity.
  */
public record BuiltLayer(
        byte[] blob,
        String digest,
        String diffId,
        String mediaType,
        long size,
        Compression compression,
        long uncompressedSize)
        implements LayerData {

    public BuiltLayer {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(compression, "compression");
    }

    /**
      * A layer from an existing blob: digest computed, diffID computed by decompressing it (so it must
      * decompress), media type the OCI type of the compression.
      */
    public static BuiltLayer fromBlob(byte[] blob, Compression compression) {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(blob))) {
            Digests.HashingOutputStream h = new Digests.HashingOutputStream(OutputStream.nullOutputStream(), false);
            in.transferTo(h);
            return new BuiltLayer(
                    blob.clone(), Digests.sha256(blob), h.digest(), compression.ociMediaType(), blob.length,
                    compression, h.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex part of {@link #digest()}. */
    public String digestHex() {
        return Digests.hex(digest);
    }

    /** The hex part of {@link #diffId()}. */
    public String diffIdHex() {
        return Digests.hex(diffId);
    }

    /** The same blob described with another media type (e.g. {@code ...tar+encrypted}). */
    public BuiltLayer withMediaType(String newMediaType) {
        return new BuiltLayer(blob, digest, diffId, newMediaType, size, compression, uncompressedSize);
    }

    /** The same blob, but claiming another diffID (for config/layer mismatch tests). */
    public BuiltLayer withDiffId(String newDiffId) {
        return new BuiltLayer(blob, digest, newDiffId, mediaType, size, compression, uncompressedSize);
    }

    /** The blob bytes as a stream. */
    public InputStream openBlob() {
        return new ByteArrayInputStream(blob);
    }

    /** The uncompressed layer (tar + whatever follows it) as a stream, decompressed on the fly. */
    public InputStream openUncompressed() throws IOException {
        return compression.decompress(openBlob());
    }

    /** The uncompressed layer in memory (small layers only). */
    public byte[] uncompressedBytes() {
        try (InputStream in = openUncompressed()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Content blobContent() {
        return Content.of(blob);
    }

    @Override
    public Content uncompressedContent() {
        if (compression == Compression.NONE) {
            return Content.of(blob);
        }
        return Content.streamed(uncompressedSize, out -> {
            try (InputStream in = openUncompressed()) {
                in.transferTo(out);
            }
        });
    }

    @Override
    public String toString() {
        return "BuiltLayer[" + digest + ", diffId=" + diffId + ", " + mediaType + ", size=" + size
                + ", uncompressed=" + uncompressedSize + "]";
    }
}
