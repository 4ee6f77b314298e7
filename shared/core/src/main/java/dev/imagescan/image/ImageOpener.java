package dev.imagescan.image;

import dev.imagescan.common.BudgetExceededException;
import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens an image: from a path (a docker-archive tar, an OCI archive tar, an OCI layout directory), or from a
 * {@link RandomAccessSource} holding an archive tar (an object in S3). An archive is read in place: its table of
 * contents through a {@link ReadAheadChannel} (a few small reads), each member later with one ranged read. An archive
 * compressed as a whole with gzip or zstd ({@code docker save | gzip}) cannot be read by ranges: it is streamed once,
 * from start to end, and decompressed into the scratch space, which is then read in place, up to the byte budget of
 * the scan's {@link BudgetMeter} and within its time.
 */
public final class ImageOpener {
    /** The largest compressed image archive decompressed to scratch space when no budget is given. */
    static final long MAX_DECOMPRESSED_ARCHIVE = 64L * 1024 * 1024 * 1024;

    private ImageOpener() {}

    /**
     * Opens {@code input}. With several platforms in an index, {@code platform} chooses one; null means linux/amd64
     * when there is a choice, or whatever a single-platform image is.
     */
    public static Image open(Path input, Platform platform, ScratchSpace scratch) {
        return open(input, platform, scratch, defaultMeter(nameOf(input)));
    }

    /**
     * Like {@link #open(Path, Platform, ScratchSpace)}; an archive compressed as a whole is decompressed up to the byte
     * budget of {@code meter}, and within its time.
     */
    public static Image open(Path input, Platform platform, ScratchSpace scratch, BudgetMeter meter) {
        String name = nameOf(input);
        try {
            if (Files.isDirectory(input)) {
                return openDirectory(input, name, platform);
            }
            if (!Files.exists(input)) {
                throw new ImageFormatException(input + ": no such file or directory");
            }
            if (!Files.isRegularFile(input)) {
                throw new ImageFormatException(input + ": not a regular file or directory");
            }
            return openArchive(FileRandomAccessSource.open(input, name), true, name, platform, scratch, false, meter);
        } catch (EOFException e) {
            throw new ImageFormatException(name + ": truncated archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ImageFormatException(name + ": cannot be read as an image archive: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the archive tar (docker-archive or OCI archive, possibly compressed as a whole) that {@code source} holds;
     * the image is named by {@link RandomAccessSource#describe()}. Closing the image does not close the source.
     */
    public static Image open(RandomAccessSource source, Platform platform, ScratchSpace scratch) {
        return open(source, platform, scratch, defaultMeter(source.describe()));
    }

    /**
     * Like {@link #open(RandomAccessSource, Platform, ScratchSpace)}; an archive compressed as a whole is decompressed
     * up to the byte budget of {@code meter}, and within its time.
     */
    public static Image open(RandomAccessSource source, Platform platform, ScratchSpace scratch, BudgetMeter meter) {
        String name = source.describe();
        try {
            return openArchive(source, false, name, platform, scratch, false, meter);
        } catch (EOFException e) {
            throw new ImageFormatException(name + ": truncated archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ImageFormatException(name + ": cannot be read as an image archive: " + e.getMessage(), e);
        }
    }

    /** The name an image at {@code input} goes by in messages and reports: its file name. */
    public static String nameOf(Path input) {
        return input.getFileName() == null ? input.toString() : input.getFileName().toString();
    }

    private static BudgetMeter defaultMeter(String name) {
        return new BudgetMeter(name, MAX_DECOMPRESSED_ARCHIVE, Duration.ofNanos(Long.MAX_VALUE));
    }

    private static Image openDirectory(Path dir, String name, Platform platform) throws IOException {
        DirectoryStore store = new DirectoryStore(dir, name);
        return readStore(store, name, ImageFormat.OCI_LAYOUT, platform,
                name + " is a directory but neither an OCI image layout (index.json) nor an unpacked docker-archive (manifest.json)");
    }

    /**
     * Reads the archive in {@code source}; when {@code owned}, the source is closed with the image, or at once on
     * failure. {@code decompressed} says the source is already the decompressed form of a compressed archive.
     */
    private static Image openArchive(RandomAccessSource source, boolean owned, String name, Platform platform,
            ScratchSpace scratch, boolean decompressed, BudgetMeter meter) throws IOException {
        try {
            ReadAheadChannel headers = new ReadAheadChannel(source);
            byte[] head = new byte[512];
            int length = Math.max(0, headers.read(ByteBuffer.wrap(head)));
            Compression compression = Compression.detect(head, length);
            if (compression != Compression.NONE) {
                if (!compression.supported()) {
                    throw new ImageFormatException(name + ": " + compression + "-compressed file; only plain, gzip or zstd image archives are read");
                }
                if (decompressed) {
                    throw new ImageFormatException(name + ": compressed twice; only plain, gzip or zstd image archives are read");
                }
                Path plain = decompress(source, name, compression, scratch, meter);
                if (owned) {
                    source.close();
                }
                return openArchive(FileRandomAccessSource.open(plain, name), true, name, platform, scratch, true,
                        meter);
            }
            if (!looksLikeTar(head, length)) {
                throw new ImageFormatException(name + ": not an image (neither a tar archive nor an OCI layout directory)");
            }
            headers.position(0);
            TarArchiveStore store = TarArchiveStore.open(source, headers, name, owned);
            return readStore(store, name, ImageFormat.OCI_ARCHIVE, platform,
                    name + " is a tar archive but holds neither manifest.json (docker-archive) nor index.json (OCI archive); not an image");
        } catch (IOException | RuntimeException e) {
            if (owned) {
                closeQuietly(source, e);
            }
            throw e;
        }
    }

    private static void closeQuietly(RandomAccessSource source, Exception failure) {
        try {
            source.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static Image readStore(BlobStore store, String name, ImageFormat ociFormat, Platform platform, String notAnImage)
            throws IOException {
        try {
            if (store.exists("manifest.json")) {
                return DockerArchiveReader.read(store, name, platform);
            }
            if (store.exists("index.json")) {
                return OciLayoutReader.read(store, ociFormat, name, platform);
            }
            throw new ImageFormatException(notAnImage);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Streams the whole compressed archive once, decompressing it into a scratch file: at most the byte budget of
     * {@code meter}, within its time.
     */
    private static Path decompress(RandomAccessSource source, String name, Compression compression,
            ScratchSpace scratch, BudgetMeter meter) throws IOException {
        Path out = scratch.newFile("archive");
        try (InputStream in = compression.decompress(source.open(0, source.size()));
                OutputStream os = Files.newOutputStream(out)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > meter.maxBytes()) {
                    throw new BudgetExceededException(name + ": the " + compression + "-compressed archive "
                            + "decompresses to more than the scan's budget of " + meter.maxBytes()
                            + " uncompressed bytes");
                }
                meter.checkTime("decompressing the " + compression + " archive");
                os.write(buffer, 0, n);
            }
        } catch (EOFException e) {
            throw new ImageFormatException(name + ": truncated " + compression + " data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ImageFormatException(name + ": corrupt " + compression + " data (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** A POSIX or GNU tar header: the magic at offset 257, or a valid header checksum. */
    static boolean looksLikeTar(byte[] head, int length) {
        if (length < 512) {
            return false;
        }
        if (head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r') {
            return true;
        }
        try {
            return org.apache.commons.compress.archivers.tar.TarUtils.verifyCheckSum(head);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
