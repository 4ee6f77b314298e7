package dev.imagescan.analyzer.rpm.sqlite;

import dev.imagescan.analyzer.rpm.RpmDatabase;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderBlob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * rpm's SQLite database ({@code rpmdb.sqlite}: RHEL 9, Fedora 33+, CBL-Mariner), read with sqlite-jdbc as
 * {@code SELECT hnum, blob FROM Packages}. The file is opened read-only and immutable, so SQLite neither writes
 * nor creates {@code -wal}/{@code -shm} files beside it, even for a WAL-mode database in a read-only directory.
 */
public final class SqliteRpmDb implements RpmDatabase {

    private final Path path;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;

    private SqliteRpmDb(Path path, Connection connection, Statement statement, ResultSet rows) {
        this.path = path;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
    }

    /**
     * Opens {@code path} read-only and starts the query.
     *
     * @throws RpmDatabaseException when the file is not an SQLite database or has no usable {@code Packages} table
     */
    public static SqliteRpmDb open(Path path) throws RpmDatabaseException {
        Connection connection = null;
        try {
            connection = connect(path);
            requirePackagesTable(path, connection);
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT hnum, blob FROM Packages");
            return new SqliteRpmDb(path, connection, statement, rows);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new RpmDatabaseException(path + ": cannot read as an rpm SQLite database: " + e.getMessage(), e);
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

    private static Connection connect(Path path) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return DriverManager.getConnection(jdbcUrl(path), config.toProperties());
    }

    private static void requirePackagesTable(Path path, Connection connection)
            throws SQLException, RpmDatabaseException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'Packages'");
             ResultSet result = query.executeQuery()) {
            if (!result.next() || result.getInt(1) == 0) {
                throw new RpmDatabaseException(path + ": SQLite database has no Packages table, not an rpm database");
            }
        }
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
            byte[] blob = rows.getBytes(2);
            Integer instance = !hnumNull && hnum > 0 && hnum <= Integer.MAX_VALUE ? (int) hnum : null;
            return Optional.of(new RpmHeaderBlob(instance, blob == null ? new byte[0] : blob));
        } catch (SQLException e) {
            throw new RpmDatabaseException(path + ": cannot read the Packages table: " + e.getMessage(), e);
        }
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
}
