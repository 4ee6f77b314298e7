package dev.imagescan.image;

import dev.imagescan.ImageScanException;
import dev.imagescan.ScratchSpace;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an image from a path: a docker-archive tar, an OCI archive tar, an OCI layout directory, or either tar
 * compressed with gzip or zstd ({@code docker save | gzip}), which is decompressed into the scratch space first.
 */
public final class ImageOpener {
    /** The largest compressed image archive we decompress to scratch space. */
    static final long MAX_DECOMPRESSED_ARCHIVE = 64L * 1024 * 1024 * 1024;

    private ImageOpener() {}

    /**
     * Opens {@code input}. With several platforms in an index, {@code platform} chooses one; null means linux/amd64
     * when there is a choice, or whatever a single-platform image is.
     */
    public static Image open(Path input, Platform platform, ScratchSpace scratch) {
        String name = input.getFileName() == null ? input.toString() : input.getFileName().toString();
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
            return openFile(input, name, platform, scratch);
        } catch (EOFException e) {
            throw new ImageFormatException(name + ": truncated archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ImageFormatException(name + ": cannot be read as an image archive: " + e.getMessage(), e);
        }
    }

    private static Image openDirectory(Path dir, String name, Platform platform) throws IOException {
        DirectoryStore store = new DirectoryStore(dir, name);
        return readStore(store, name, ImageFormat.OCI_LAYOUT, platform,
                name + " is a directory but neither an OCI image layout (index.json) nor an unpacked docker-archive (manifest.json)");
    }

    private static Image openFile(Path file, String name, Platform platform, ScratchSpace scratch) throws IOException {
        byte[] head = new byte[512];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        Compression compression = Compression.detect(head, length);
        if (compression != Compression.NONE) {
            if (!compression.supported()) {
                throw new ImageFormatException(name + ": " + compression + "-compressed file; only plain, gzip or zstd image archives are read");
            }
            return openFile(decompress(file, name, compression, scratch), name, platform, scratch);
        }
        if (!looksLikeTar(head, length)) {
            throw new ImageFormatException(name + ": not an image (neither a tar archive nor an OCI layout directory)");
        }
        TarArchiveStore store = TarArchiveStore.open(file, name);
        return readStore(store, name, ImageFormat.OCI_ARCHIVE, platform,
                name + " is a tar archive but holds neither manifest.json (docker-archive) nor index.json (OCI archive); not an image");
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

    private static Path decompress(Path file, String name, Compression compression, ScratchSpace scratch) throws IOException {
        Path out = scratch.newFile("archive");
        try (InputStream in = compression.decompress(Files.newInputStream(file));
                OutputStream os = Files.newOutputStream(out)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_DECOMPRESSED_ARCHIVE) {
                    throw new ImageScanException(name + ": decompresses to more than " + MAX_DECOMPRESSED_ARCHIVE + " bytes");
                }
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
