package dev.imagescan.analyzer.rpm.sqlite;

import dev.imagescan.analyzer.rpm.RpmDatabase;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderBlob;
import dev.imagescan.analyzer.rpm.RpmHeaderParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;

/**
 * rpm's SQLite database ({@code rpmdb.sqlite}: RHEL 9, Fedora 33+, CBL-Mariner), read with sqlite-jdbc as
 * {@code SELECT hnum, blob FROM Packages}. The file is opened read-only and immutable, so SQLite neither writes
 * nor creates {@code -wal}/{@code -shm} files beside it, even for a WAL-mode database in a read-only directory.
 *
 * <p>The file comes from an image, so SQLite's native code runs on attacker data; it is read defensively:
 * <ul>
 *   <li>the schema is checked before any row is read: {@code Packages} must be a plain {@code CREATE TABLE} with
 *       exactly the columns {@code hnum} (the integer primary key) and {@code blob}, none generated or hidden (a
 *       generated {@code zeroblob(900000000)} column took 1.9 GB; a virtual FTS5 table runs FTS5's code);</li>
 *   <li>{@code trusted_schema=OFF} (no function with side effects from the schema), {@code cell_size_check=ON}
 *       (corrupt cells are errors, not wild reads), {@code mmap_size=0}, a per-connection limit on the length of a
 *       value and a hard limit on SQLite's heap;</li>
 *   <li>each row's {@code octet_length(blob)} is checked against rpm's header limit before the blob is loaded;</li>
 *   <li>a progress handler stops a read that runs longer than its time budget.</li>
 * </ul>
 * A database that breaks a rule is an {@link RpmDatabaseException} with a one-line message naming the file.
 */
public final class SqliteRpmDb implements RpmDatabase {
    /** What reading one database may cost. */
    record Limits(long maxBlobBytes, Duration maxTime) {
        /** rpm's own header limit and one minute (a real database of thousands of packages reads in a second). */
        static final Limits DEFAULT = new Limits(RpmHeaderParser.MAX_HEADER_BLOB, Duration.ofMinutes(1));
    }

    /**
     * SQLite's heap, for every connection of the process (a process-wide setting): one header at rpm's limit and
     * room for the page cache.
     */
    static final long HARD_HEAP_LIMIT = RpmHeaderParser.MAX_HEADER_BLOB + (256L << 20);
    /** How many SQLite virtual machine instructions run between two looks at the clock. */
    private static final int PROGRESS_PERIOD = 10_000;

    private final Path path;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final Limits limits;
    private final Deadline deadline;

    private SqliteRpmDb(Path path, Connection connection, Statement statement, ResultSet rows, Limits limits,
            Deadline deadline) {
        this.path = path;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.limits = limits;
        this.deadline = deadline;
    }

    /**
     * Opens {@code path} read-only, checks its schema and starts the query.
     *
     * @throws RpmDatabaseException when the file is not an SQLite database or has no usable {@code Packages} table
     */
    public static SqliteRpmDb open(Path path) throws RpmDatabaseException {
        return open(path, Limits.DEFAULT);
    }

    static SqliteRpmDb open(Path path, Limits limits) throws RpmDatabaseException {
        Connection connection = null;
        Deadline deadline = new Deadline(limits.maxTime());
        try {
            connection = connect(path, limits, deadline);
            requirePackagesTable(path, connection);
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT hnum, octet_length(blob), CASE WHEN octet_length(blob) <= ? THEN blob END FROM Packages");
            statement.setLong(1, limits.maxBlobBytes());
            ResultSet rows = statement.executeQuery();
            return new SqliteRpmDb(path, connection, statement, rows, limits, deadline);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure(path, "cannot read as an rpm SQLite database", e, deadline, limits);
        } catch (RpmDatabaseException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** A {@code file:} URI with {@code mode=ro&immutable=1}: no locking, no journal, no files created. */
    static String jdbcUrl(Path path) {
        String uri = path.toAbsolutePath().toUri().toString(); // file:///... with reserved characters percent-encoded
        return "jdbc:sqlite:" + uri + "?mode=ro&immutable=1";
    }

    private static Connection connect(Path path, Limits limits, Deadline deadline) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        Connection connection = DriverManager.getConnection(jdbcUrl(path), config.toProperties());
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA trusted_schema = OFF");
                s.execute("PRAGMA cell_size_check = ON");
                s.execute("PRAGMA mmap_size = 0");
                s.execute("PRAGMA hard_heap_limit = " + HARD_HEAP_LIMIT);
            }
            connection.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH,
                    (int) Math.min(Integer.MAX_VALUE, limits.maxBlobBytes() + 1));
            ProgressHandler.setHandler(connection, PROGRESS_PERIOD, deadline);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * {@code Packages} is one plain table ({@code sqlite_master} read first, before anything touches the table) with
     * exactly the columns {@code hnum} (integer primary key) and {@code blob}, neither generated nor hidden.
     */
    private static void requirePackagesTable(Path path, Connection connection)
            throws SQLException, RpmDatabaseException {
        String type = null;
        String sql = null;
        int objects = 0;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT type, sql FROM sqlite_master WHERE name = 'Packages' COLLATE NOCASE");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                objects++;
                type = result.getString(1);
                sql = result.getString(2);
            }
        }
        if (objects == 0) {
            throw new RpmDatabaseException(path + ": SQLite database has no Packages table, not an rpm database");
        }
        String create = sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
        if (objects != 1 || !"table".equals(type) || !create.toUpperCase(Locale.ROOT).startsWith("CREATE TABLE ")) {
            throw new RpmDatabaseException(path + ": Packages is not a plain table (" + describe(type, create)
                    + "), not an rpm database");
        }
        int columns = 0;
        boolean hnum = false;
        boolean blob = false;
        try (Statement query = connection.createStatement();
             ResultSet result = query.executeQuery("PRAGMA table_xinfo('Packages')")) {
            while (result.next()) {
                columns++;
                String name = result.getString("name");
                String declared = String.valueOf(result.getString("type")).toUpperCase(Locale.ROOT);
                int pk = result.getInt("pk");
                int hidden = result.getInt("hidden");
                if (hidden != 0) {
                    throw new RpmDatabaseException(path + ": column " + name + " of Packages is "
                            + (hidden == 1 ? "hidden" : "generated") + ", not an rpm database");
                }
                hnum |= "hnum".equalsIgnoreCase(name) && declared.equals("INTEGER") && pk == 1;
                blob |= "blob".equalsIgnoreCase(name) && declared.equals("BLOB") && pk == 0;
            }
        }
        if (columns != 2 || !hnum || !blob) {
            throw new RpmDatabaseException(path + ": the Packages table does not have exactly the columns "
                    + "hnum INTEGER PRIMARY KEY and blob BLOB, not an rpm database");
        }
    }

    private static String describe(String type, String create) {
        String what = create.isEmpty() ? String.valueOf(type) : create;
        return what.length() > 60 ? what.substring(0, 60) + "…" : what;
    }

    @Override
    public String format() {
        return "sqlite";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<RpmHeaderBlob> nextHeader() throws RpmDatabaseException {
        try {
            if (!rows.next()) {
                return Optional.empty();
            }
            long hnum = rows.getLong(1);
            boolean hnumNull = rows.wasNull();
            long length = rows.getLong(2);
            if (length > limits.maxBlobBytes()) {
                throw new RpmDatabaseException(path + ": Packages row " + hnum + " holds a " + length
                        + "-byte header, more than the " + limits.maxBlobBytes() + " an rpm header may have");
            }
            byte[] blob = rows.getBytes(3);
            Integer instance = !hnumNull && hnum > 0 && hnum <= Integer.MAX_VALUE ? (int) hnum : null;
            return Optional.of(new RpmHeaderBlob(instance, blob == null ? new byte[0] : blob));
        } catch (SQLException e) {
            throw failure(path, "cannot read the Packages table", e, deadline, limits);
        }
    }

    private static RpmDatabaseException failure(Path path, String what, SQLException e, Deadline deadline,
            Limits limits) {
        if (deadline.expired) {
            return new RpmDatabaseException(path + ": reading the SQLite database took longer than "
                    + limits.maxTime().toMillis() + " ms; refusing it", e);
        }
        return new RpmDatabaseException(path + ": " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws RpmDatabaseException {
        try {
            try {
                rows.close();
                statement.close();
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new RpmDatabaseException(path + ": cannot close: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the original error matters more
            }
        }
    }

    /** Interrupts SQLite (a non-zero answer) once the time budget has passed, and remembers that it did. */
    private static final class Deadline extends ProgressHandler {
        private final long start = System.nanoTime();
        private final long maxNanos;
        private volatile boolean expired;

        Deadline(Duration maxTime) {
            this.maxNanos = maxTime.toNanos();
        }

        @Override
        protected int progress() {
            if (System.nanoTime() - start > maxNanos) {
                expired = true;
                return 1;
            }
            return 0;
        }
    }
}
