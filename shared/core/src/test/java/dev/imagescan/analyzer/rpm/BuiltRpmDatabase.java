package dev.imagescan.analyzer.rpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * An rpm SQLite database ({@code rpmdb.sqlite}, rpm 4.16+) built in a test: rpm's own {@code Packages} table with
 * one header blob per package, the headers holding the tags the analyzer reads. For images of distributions whose
 * real database is not in the corpus (Amazon Linux).
 */
public final class BuiltRpmDatabase {
    private BuiltRpmDatabase() {}

    /**
     * One installed package.
     *
     * @param epoch null for none
     */
    public record Installed(String name, Integer epoch, String version, String release, String arch,
            String sourceRpm, String vendor) {}

    /** The bytes of an {@code rpmdb.sqlite} holding {@code packages}, written under {@code dir}. */
    public static byte[] sqlite(Path dir, List<Installed> packages) throws IOException {
        Path db = Files.createTempFile(dir, "rpmdb-", ".sqlite");
        Files.delete(db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO Packages (blob) VALUES (?)")) {
                for (Installed p : packages) {
                    HeaderBlobBuilder h = new HeaderBlobBuilder().nevr(p.name(), p.version(), p.release());
                    if (p.epoch() != null) {
                        h.int32(RpmHeaderParser.TAG_EPOCH, p.epoch());
                    }
                    h.string(RpmHeaderParser.TAG_ARCH, p.arch()).string(RpmHeaderParser.TAG_SOURCERPM, p.sourceRpm())
                            .string(RpmHeaderParser.TAG_VENDOR, p.vendor());
                    insert.setBytes(1, h.build());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IOException(db + ": " + e.getMessage(), e);
        }
        return Files.readAllBytes(db);
    }
}
