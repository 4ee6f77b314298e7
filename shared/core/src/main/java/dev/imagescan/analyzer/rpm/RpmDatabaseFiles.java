package dev.imagescan.analyzer.rpm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opening and closing the file of a channel-backed rpm database (BerkeleyDB, NDB), with errors phrased alike and the
 * channel never leaked when opening fails half-way.
 */
public final class RpmDatabaseFiles {

    /** Reads what a backend needs from a freshly opened channel. */
    @FunctionalInterface
    public interface Opener<T> {
        T open(FileChannel channel) throws IOException, RpmDatabaseException;
    }

    private RpmDatabaseFiles() {
    }

    /** Opens {@code path} read-only and hands the channel to {@code opener}; closes it again if that fails. */
    public static <T> T open(Path path, Opener<T> opener) throws RpmDatabaseException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new RpmDatabaseException(path + ": cannot open: " + e, e);
        }
        try {
            return opener.open(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RpmDatabaseException(path + ": cannot read: " + e, e);
        } catch (RpmDatabaseException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public static void close(Path path, FileChannel channel) throws RpmDatabaseException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new RpmDatabaseException(path + ": cannot close: " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the original error matters more
        }
    }
}
