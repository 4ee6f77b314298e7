package dev.imagescan.analyzer.rpm.fuzz;

import dev.imagescan.analyzer.rpm.RpmDatabase;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the rpm database harnesses share: the fuzzer's bytes written to a file (the backends read files in place),
 * opened with one backend and read whole as {@link RpmDatabaseReader} reads it for the analyzer. A database that
 * cannot be used is an {@link RpmDatabaseException}, the one documented failure; anything else is a finding.
 */
public final class RpmDatabaseFuzzing {
    /** Opens a database file with one backend. */
    public interface Backend {
        RpmDatabase open(Path path) throws RpmDatabaseException;
    }

    private static final ThreadLocal<Path> FILE = ThreadLocal.withInitial(RpmDatabaseFuzzing::newFile);

    private RpmDatabaseFuzzing() {}

    /** Writes {@code data} to this thread's file, opens it with {@code backend} and reads every header. */
    public static void readAll(byte[] data, Backend backend) {
        Path file = FILE.get();
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (RpmDatabase db = backend.open(file)) {
            RpmDatabaseReader.read(db);
        } catch (RpmDatabaseException expected) {
            // a broken database, reported as such
        }
    }

    private static Path newFile() {
        try {
            Path file = Files.createTempFile("imagescan-fuzz-rpmdb-", ".db");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
