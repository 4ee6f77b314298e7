package dev.imagescan.cache;

import dev.imagescan.scan.LayerCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link LayerCache} in a directory: the entry for a layer is {@code <root>/<analyzerKey>/<algorithm>/<hex>}
 * ({@code …/3f2a…/sha256/9b1c…}), so the entries of an older analyzer key can be deleted as one directory. The blob
 * index keeps, for each compressed blob, the diffID it was verified to decompress to, as that text in
 * {@code <root>/_blobs/<algorithm>/<hex>} (no analyzer key starts with {@code _}). A file is written to a temporary
 * file beside it, forced to disk and atomically renamed over the old one: readers see a whole file or none, and
 * several processes may share the directory.
 */
public final class DirectoryLayerCache implements LayerCache {
    private static final Pattern DIFF_ID = Pattern.compile("(sha256|sha512):([a-f0-9]{64}|[a-f0-9]{128})");
    private static final String BLOBS = "_blobs";
    /** More than any diffID's text: a longer blob index file is not one this cache wrote. */
    private static final int MAX_DIFF_ID_CHARS = 7 + 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public DirectoryLayerCache(Path root) {
        this.root = root;
    }

    @Override
    public Optional<InputStream> find(String diffId, String analyzerKey) throws IOException {
        try {
            return Optional.of(Files.newInputStream(path(diffId, analyzerKey)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void store(String diffId, String analyzerKey, Entry entry) throws IOException {
        write(path(diffId, analyzerKey), entry);
    }

    @Override
    public Optional<String> diffIdOfBlob(String blobDigest) throws IOException {
        Path file = blobPath(blobDigest);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_DIFF_ID_CHARS + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String diffId = new String(bytes, StandardCharsets.US_ASCII);
        if (!DIFF_ID.matcher(diffId).matches()) {
            throw new IOException(file + " holds no diffID");
        }
        return Optional.of(diffId);
    }

    @Override
    public void recordBlob(String blobDigest, String diffId) throws IOException {
        if (!DIFF_ID.matcher(diffId).matches()) {
            throw new IllegalArgumentException("not a layer diffID: '" + diffId + "'");
        }
        byte[] bytes = diffId.getBytes(StandardCharsets.US_ASCII);
        write(blobPath(blobDigest), new Entry() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        });
    }

    /** Where the blob index keeps the diffID of the compressed blob {@code blobDigest}. */
    public Path blobPath(String blobDigest) {
        Matcher digest = DIFF_ID.matcher(blobDigest);
        if (!digest.matches()) {
            throw new IllegalArgumentException("not a blob digest: '" + blobDigest + "'");
        }
        return root.resolve(BLOBS).resolve(digest.group(1)).resolve(digest.group(2));
    }

    private static void write(Path target, Entry entry) throws IOException {
        Path dir = Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(dir, ".entry-", ".tmp");
        try {
            long written;
            try (InputStream in = entry.open();
                    FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                written = in.transferTo(out);
                channel.force(true);
            }
            if (written != entry.length()) {
                throw new IOException("entry of " + entry.length() + " bytes gave " + written);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Where the entry for {@code diffId} and {@code analyzerKey} is kept. */
    public Path path(String diffId, String analyzerKey) {
        Matcher digest = DIFF_ID.matcher(diffId);
        if (!digest.matches()) {
            throw new IllegalArgumentException("not a layer diffID: '" + diffId + "'");
        }
        if (!KEY.matcher(analyzerKey).matches()) {
            throw new IllegalArgumentException("not an analyzer key: '" + analyzerKey + "'");
        }
        return root.resolve(analyzerKey).resolve(digest.group(1)).resolve(digest.group(2));
    }
}
