package dev.imagescan.analyzer.rpm;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every file the packages of an rpm database installed (their headers' BASENAMES, DIRNAMES and DIRINDEXES), so the
 * language analyzers leave an rpm-installed {@code python3-urllib3} to the OS package it is. A header whose file list
 * cannot be read contributes nothing (the rpm analyzer reports such headers).
 */
public final class RpmFileLists {

    private RpmFileLists() {
    }

    /**
     * The paths, from the root without a leading slash, of the files the packages of the database at {@code db}
     * installed.
     *
     * @throws RpmDatabaseException when the file is not an rpm database or its structure is broken
     */
    public static Set<String> read(Path db) throws RpmDatabaseException {
        Set<String> paths = new HashSet<>();
        try (RpmDatabase rpmdb = RpmDatabases.open(db)) {
            for (Optional<RpmHeaderBlob> next = rpmdb.nextHeader(); next.isPresent(); next = rpmdb.nextHeader()) {
                try {
                    for (String file : RpmHeaderParser.fileNames(next.get().blob())) {
                        int start = 0;
                        while (start < file.length() && file.charAt(start) == '/') {
                            start++;
                        }
                        paths.add(file.substring(start));
                    }
                } catch (RpmDatabaseException e) {
                    // the rpm analyzer names this header among its problems
                }
            }
        }
        return paths;
    }
}
