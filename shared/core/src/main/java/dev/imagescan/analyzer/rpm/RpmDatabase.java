package dev.imagescan.analyzer.rpm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An open rpm package database of one on-disk format, read as a forward-only sequence of raw header blobs
 * (the Java counterpart of go-rpmdb's {@code DBI} interface). Not thread-safe; close it when done.
 */
public interface RpmDatabase extends AutoCloseable {

    /** Short format name: {@code bdb}, {@code ndb} or {@code sqlite}. */
    String format();

    /** The database file. */
    Path path();

    /**
     * The next header blob in storage order, or empty once all were returned.
     *
     * @throws RpmDatabaseException when the database structure is broken; the message names the file and the spot
     */
    Optional<RpmHeaderBlob> nextHeader() throws RpmDatabaseException;

    /** Releases the file; further reads fail. */
    @Override
    void close() throws RpmDatabaseException;
}
