package dev.imagescan.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The files of an OCI image layout directory. Nothing outside the directory is ever read, even through links. */
final class DirectoryStore implements BlobStore {
    private final Path root;
    private final String describe;

    DirectoryStore(Path root, String describe) throws IOException {
        this.root = root.toRealPath();
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public long size(String path) {
        Path file = locate(path);
        try {
            return file == null ? -1 : Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = locate(path);
        if (file == null) {
            throw new ImageFormatException(describe + ": no file '" + path + "' in the layout");
        }
        return Files.newInputStream(file);
    }

    private Path locate(String path) {
        Path file = root.resolve(ArchivePaths.normalize(path));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return real;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {}
}
