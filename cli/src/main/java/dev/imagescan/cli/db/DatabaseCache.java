package dev.imagescan.cli.db;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.common.BadInputException;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cache directory's database: {@code DIR/db/sha256-HEX.vulndb} artifacts and {@code DIR/db/metadata.json}, the
 * pointer that names the current one (version, file, source, installed and checked times). An artifact is written
 * beside the others under a temporary name, verified whole, renamed to its version's name, and only then does the
 * pointer move (written to a temporary file and renamed over the old one); the artifacts it no longer names are
 * deleted last. A scan that reads the pointer at any moment finds a complete, verified artifact, and a failed update
 * leaves the previous database in place.
 */
public final class DatabaseCache {
    private static final Pattern VERSION = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int MAX_METADATA_BYTES = 64 * 1024;

    private final Path dir;

    /** The cache under {@code root} (created when something is written). */
    public DatabaseCache(Path root) {
        this.dir = root.resolve("db");
    }

    /**
     * The default cache root: {@code $XDG_CACHE_HOME/imagescan}, else {@code ~/.cache/imagescan}.
     *
     * @param env the environment to read {@code XDG_CACHE_HOME} from
     */
    public static Path defaultRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "imagescan");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "imagescan");
    }

    /** The directory that holds the artifacts and the pointer. */
    public Path dir() {
        return dir;
    }

    /** The database the pointer names; null when there is none (or the artifact it names is gone). */
    public CachedDatabase current() throws IOException {
        Path metadata = dir.resolve("metadata.json");
        if (!Files.isRegularFile(metadata)) {
            return null;
        }
        if (Files.size(metadata) > MAX_METADATA_BYTES) {
            throw new IOException(metadata + ": larger than " + MAX_METADATA_BYTES + " bytes");
        }
        Map<String, Object> m;
        try {
            m = JSON.std.mapFrom(Files.readString(metadata, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(metadata + ": not the cache's metadata (" + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("?") + "); delete it and run imagescan db update", e);
        }
        try {
            String version = String.valueOf(m.get("version"));
            if (!VERSION.matcher(version).matches()) {
                throw new IOException(metadata + ": version '" + version + "' is not sha256:<64 hex>");
            }
            Path artifact = dir.resolve(fileName(version));
            if (!Files.isRegularFile(artifact)) {
                return null;
            }
            return new CachedDatabase(version, artifact, m.get("source") == null ? null : m.get("source").toString(),
                    Instant.parse(String.valueOf(m.get("installedAt"))),
                    Instant.parse(String.valueOf(m.get("checkedAt"))));
        } catch (DateTimeParseException e) {
            throw new IOException(metadata + ": not the cache's metadata (" + e.getMessage() + "); delete it and run"
                    + " imagescan db update", e);
        }
    }

    /** A new temporary file in the cache directory, for a download to be installed by {@link #install}. */
    public Path newTemporaryFile() throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "download-", ".tmp");
    }

    /**
     * Verifies {@code file} (a whole artifact, loaded and its SHA-256 checked), moves it into the cache under its
     * version's name and points the cache at it. {@code file} is consumed: moved, or deleted when it fails.
     *
     * @param expectedVersion the version the source announced ({@code sha256:...}); null when it announced none
     * @return the installed database
     * @throws dev.imagescan.vulndb.artifact.DatabaseFormatException when the file is not a usable database
     * @throws DigestMismatch when its digest is not {@code expectedVersion}
     */
    public CachedDatabase install(Path file, String expectedVersion, String source, Instant now)
            throws IOException {
        try {
            String version = VulnDatabases.load(file).info().digest();
            if (expectedVersion != null && !expectedVersion.equals(version)) {
                throw new DigestMismatch(source + ": the artifact's digest is " + version + ", not the announced "
                        + expectedVersion + "; the cached database is unchanged");
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(fileName(version));
            move(file, target);
            writePointer(version, source, now, now);
            deleteOthers(target);
            return new CachedDatabase(version, target, source, now, now);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Records that the source confirmed {@code current} is still its newest database, at {@code now}. */
    public CachedDatabase confirm(CachedDatabase current, Instant now) throws IOException {
        writePointer(current.version(), current.source(), current.installedAt(), now);
        return new CachedDatabase(current.version(), current.artifact(), current.source(), current.installedAt(),
                now);
    }

    /** Loads the current database. */
    public static VulnDatabase load(CachedDatabase db) throws IOException {
        return VulnDatabases.load(db.artifact());
    }

    /** The file name of the artifact of {@code version}. */
    static String fileName(String version) {
        return version.replace(':', '-') + ".vulndb";
    }

    private void writePointer(String version, String source, Instant installedAt, Instant checkedAt)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("file", fileName(version));
        m.put("source", source);
        m.put("installedAt", installedAt.toString());
        m.put("checkedAt", checkedAt.toString());
        Path temp = Files.createTempFile(dir, "metadata-", ".tmp");
        try {
            Files.writeString(temp, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(m) + "\n",
                    StandardCharsets.UTF_8);
            move(temp, dir.resolve("metadata.json"));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void deleteOthers(Path keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "sha256-*.vulndb")) {
            for (Path f : files) {
                if (!f.equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An artifact whose digest is not the version its source announced. */
    public static final class DigestMismatch extends BadInputException {
        private static final long serialVersionUID = 1L;

        DigestMismatch(String message) {
            super(message);
        }
    }
}
