package dev.imagescan.analyzer.rpm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads every package header of an rpm database file (any supported format) into {@link RpmPackageInfo}s. A
 * malformed header becomes a problem line and the other headers are still returned; a broken database structure
 * fails the whole read.
 */
public final class RpmDatabaseReader {

    private RpmDatabaseReader() {
    }

    /**
     * Reads all packages of the rpm database at {@code path}.
     *
     * @throws RpmDatabaseException when the file is not an rpm database or its structure is broken
     */
    public static RpmReadResult read(Path path) throws RpmDatabaseException {
        try (RpmDatabase db = RpmDatabases.open(path)) {
            return read(db);
        }
    }

    /** Reads all remaining headers of an already open database (which the caller closes). */
    public static RpmReadResult read(RpmDatabase db) throws RpmDatabaseException {
        List<RpmPackageInfo> packages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int ordinal = 0;
        for (Optional<RpmHeaderBlob> next = db.nextHeader(); next.isPresent(); next = db.nextHeader()) {
            ordinal++;
            RpmHeaderBlob header = next.get();
            try {
                packages.add(RpmHeaderParser.parse(header.blob(), header.instance()));
            } catch (RpmDatabaseException e) {
                problems.add(db.path() + ": " + header.describe(ordinal) + ": " + e.getMessage());
            }
        }
        if (ordinal == 0) {
            problems.add(db.path() + ": the " + db.format() + " database holds no package headers");
        }
        return new RpmReadResult(db.format(), packages, problems);
    }
}
