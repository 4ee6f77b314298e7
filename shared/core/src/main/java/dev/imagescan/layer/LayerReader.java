package dev.imagescan.layer;

import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.Compression;
import dev.imagescan.image.Digest;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.Image;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.image.UnsupportedMediaTypeException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads one layer blob in one forward pass: recognises its compression from its bytes, decompresses it, walks its
 * tar keeping only wanted paths, and checks both the blob digest and the diffID at the end. The result is returned
 * only when every check passed; otherwise a precise {@link dev.imagescan.common.ImageScanException} names the layer.
 */
public final class LayerReader {
    /**
     * The version of the rules deciding what a layer read keeps ({@link TarWalker}, {@link WantedPaths}): bump it when
     * they change, since it is part of the layer cache key.
     */
    public static final int RULES_VERSION = 2;

    private static final int BUFFER = 128 * 1024;

    private final LayerLimits limits;
    private final ScratchSpace scratch;
    private final BudgetMeter meter;

    /** A reader bounded by {@code limits} per layer only. */
    public LayerReader(LayerLimits limits, ScratchSpace scratch) {
        this(limits, scratch, BudgetMeter.unlimited("image"));
    }

    /**
     * A reader bounded by {@code limits} per layer, that charges every uncompressed byte it reads to {@code meter}
     * (the budget of the scan of one image, shared by all its layer reads).
     */
    public LayerReader(LayerLimits limits, ScratchSpace scratch, BudgetMeter meter) {
        this.limits = limits;
        this.scratch = scratch;
        this.meter = meter;
    }

    public LayerContents read(Image image, LayerDescriptor layer, WantedPaths wanted) {
        return read(image, layer, wanted, null);
    }

    /** {@link #read(Image, LayerDescriptor, WantedPaths)}, telling {@code blobProgress} (null: nobody) each chunk. */
    public LayerContents read(Image image, LayerDescriptor layer, WantedPaths wanted, LongConsumer blobProgress) {
        String name = layer.describe();
        LayerContents contents = new LayerContents(layer);
        Compression compression = Compression.NONE;
        try (HashingInputStream raw = new ProgressStream(image.openLayer(layer),
                layer.digest() == null ? null : layer.digest().newHasher(), blobProgress)) {
            BufferedInputStream buffered = new BufferedInputStream(new Stage(raw, "reading the blob"), BUFFER);
            compression = sniff(buffered);
            if (!compression.supported()) {
                throw new UnsupportedMediaTypeException(name + " is " + compression
                        + "-compressed; layers must be plain tar, gzip or zstd");
            }
            Compression c = compression;
            try (ChunkPipe tarStream = new ChunkPipe(() -> new DrainingInputStream(c.decompress(buffered), buffered),
                    c + " data", "imagescan-inflate-" + (layer.index() + 1))) {
                BoundedHashingStream tarBytes = new BoundedHashingStream(tarStream, layer.diffId().newHasher(), raw, name);
                TarArchiveInputStream tar = new StrictTarInputStream(tarBytes, name);
                new TarWalker(wanted, limits, scratch, name, layer.index()).walk(tar, contents);
                tarBytes.drain();
                verify(layer, raw, tarBytes);
            }
            contents.learnt(wanted.takeLearnt());
            contents.blobBytesRead(raw.count());
            return contents;
        } catch (StageException e) {
            throw corrupt(name, e.stage, e.getCause());
        } catch (EOFException e) {
            throw new CorruptLayerException(name + ": truncated tar (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("Truncated TAR archive")) {
                throw new CorruptLayerException(name + ": truncated tar (" + e.getMessage() + ")", e);
            }
            throw new CorruptLayerException(name + ": not a valid tar stream (" + e.getMessage() + ")", e);
        }
    }

    private static CorruptLayerException corrupt(String name, String stage, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof EOFException) {
            return new CorruptLayerException(name + ": truncated " + stage + " (" + detail + ")", cause);
        }
        return new CorruptLayerException(name + ": corrupt " + stage + " (" + detail + ")", cause);
    }

    private static Compression sniff(BufferedInputStream in) throws IOException {
        in.mark(Compression.MAGIC_BYTES);
        byte[] head = in.readNBytes(Compression.MAGIC_BYTES);
        in.reset();
        return Compression.detect(head, head.length);
    }

    private void verify(LayerDescriptor layer, HashingInputStream raw, HashingInputStream tarBytes) {
        String name = layer.describe();
        if (layer.digest() != null) {
            Digest actual = Digest.of(layer.digest().algorithm(), raw.digest());
            if (!actual.equals(layer.digest())) {
                throw new DigestMismatchException(name + ": blob " + layer.path() + " has digest " + actual
                        + ", the manifest says " + layer.digest());
            }
        }
        if (layer.size() >= 0 && raw.count() != layer.size()) {
            throw new DigestMismatchException(name + ": blob " + layer.path() + " is " + raw.count()
                    + " bytes, the manifest says " + layer.size());
        }
        Digest diffId = Digest.of(layer.diffId().algorithm(), tarBytes.digest());
        if (!diffId.equals(layer.diffId())) {
            throw new DigestMismatchException(name + ": uncompressed content has digest " + diffId
                    + ", the image config says " + layer.diffId());
        }
    }

    /**
     * Hashes the uncompressed tar and stops a bomb: too many bytes, or too many per compressed byte, or past the
     * scan's budget.
     */
    private final class BoundedHashingStream extends HashingInputStream {
        private final HashingInputStream compressed;
        private final String name;

        BoundedHashingStream(InputStream in, java.security.MessageDigest hasher, HashingInputStream compressed, String name) {
            super(in, hasher);
            this.compressed = compressed;
            this.name = name;
        }

        @Override
        void afterRead(int n) {
            long count = count();
            if (count > limits.maxUncompressedBytes()) {
                throw new LimitExceededException(name + ": decompresses to more than " + limits.maxUncompressedBytes()
                        + " bytes (the per-layer limit)");
            }
            if (count > limits.ratioFloor() && count > limits.maxRatio() * Math.max(1, compressed.count())) {
                throw new LimitExceededException(name + ": decompresses to more than " + limits.maxRatio()
                        + " times its compressed size; refusing a likely decompression bomb");
            }
            meter.charge(n, name);
        }
    }

    /** The blob's bytes as they are read, told to a progress callback. */
    private static final class ProgressStream extends HashingInputStream {
        private final LongConsumer progress;

        ProgressStream(InputStream in, java.security.MessageDigest hasher, LongConsumer progress) {
            super(in, hasher);
            this.progress = progress;
        }

        @Override
        void afterRead(int n) {
            if (progress != null) {
                progress.accept(n);
            }
        }
    }

    /**
     * The decompressed stream, which on reaching its end reads the rest of the compressed one too: bytes after the
     * compressed data (padding, garbage) still belong to the blob and its digest.
     */
    private static final class DrainingInputStream extends FilterInputStream {
        private final InputStream compressed;

        DrainingInputStream(InputStream decompressed, InputStream compressed) {
            super(decompressed);
            this.compressed = compressed;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                byte[] rest = new byte[16 * 1024];
                while (compressed.read(rest) >= 0) {
                    // hashed by the raw stage
                }
            }
            return n;
        }
    }

    /** Marks I/O errors of one stage of the pipeline so the message can say which stage broke. */
    private static final class Stage extends FilterInputStream {
        private final String stage;

        Stage(InputStream in, String stage) {
            super(in);
            this.stage = stage;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (StageException e) {
                throw e;
            } catch (IOException e) {
                throw new StageException(stage, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (StageException e) {
                throw e;
            } catch (IOException e) {
                throw new StageException(stage, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (StageException e) {
                throw e;
            } catch (IOException e) {
                throw new StageException(stage, e);
            }
        }
    }
}
