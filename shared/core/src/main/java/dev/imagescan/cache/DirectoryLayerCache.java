package dev.imagescan.cache;

import dev.imagescan.scan.LayerCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
 * ({@code …/3f2a…/sha256/9b1c…}), so the entries of an older analyzer key can be deleted as one directory. An entry is
 * written to a temporary file beside it, forced to disk and atomically renamed over the old one: readers see a whole
 * entry or none, and several processes may share the directory.
 */
public final class DirectoryLayerCache implements LayerCache {
    private static final Pattern DIFF_ID = Pattern.compile("(sha256|sha512):([a-f0-9]{64}|[a-f0-9]{128})");
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
        Path target = path(diffId, analyzerKey);
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
