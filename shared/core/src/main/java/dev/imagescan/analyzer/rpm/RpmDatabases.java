package dev.imagescan.analyzer.rpm;

import dev.imagescan.analyzer.rpm.bdb.BerkeleyDb;
import dev.imagescan.analyzer.rpm.ndb.Ndb;
import dev.imagescan.analyzer.rpm.sqlite.SqliteRpmDb;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Opens an rpm database file with the right backend, recognising the format from the file's first bytes
 * (SQLite header, NDB magic or BerkeleyDB hash magic), never from its name.
 */
public final class RpmDatabases {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NDB_MAGIC = "RpmP".getBytes(StandardCharsets.US_ASCII);
    private static final int BDB_HASH_MAGIC = 0x061561;
    private static final int BDB_BTREE_MAGIC = 0x053162;
    private static final int PROBE_LENGTH = 16;

    private RpmDatabases() {
    }

    /**
     * Opens {@code path} with the backend its content calls for.
     *
     * @throws RpmDatabaseException when the file cannot be read, is not an rpm database ("not an rpm database
     *                              (...)") or the backend rejects it
     */
    public static RpmDatabase open(Path path) throws RpmDatabaseException {
        return switch (detect(path)) {
            case "sqlite" -> SqliteRpmDb.open(path);
            case "ndb" -> Ndb.open(path);
            default -> BerkeleyDb.open(path);
        };
    }

    /**
     * The format name ({@code bdb}, {@code ndb}, {@code sqlite}) of {@code path}, from its first 16 bytes.
     *
     * @throws RpmDatabaseException when the file cannot be read or is not an rpm database
     */
    public static String detect(Path path) throws RpmDatabaseException {
        byte[] head = readHead(path);
        if (head.length == 0) {
            throw new RpmDatabaseException(path + ": not an rpm database (empty file)");
        }
        if (startsWith(head, SQLITE_MAGIC)) {
            return "sqlite";
        }
        if (startsWith(head, NDB_MAGIC)) {
            return "ndb";
        }
        if (head.length == PROBE_LENGTH) {
            int le = (head[12] & 0xff) | (head[13] & 0xff) << 8 | (head[14] & 0xff) << 16 | (head[15] & 0xff) << 24;
            int be = Integer.reverseBytes(le);
            if (le == BDB_HASH_MAGIC || be == BDB_HASH_MAGIC) {
                return "bdb";
            }
            if (le == BDB_BTREE_MAGIC || be == BDB_BTREE_MAGIC) {
                throw new RpmDatabaseException(path + ": not an rpm database (a BerkeleyDB btree file; rpm's"
                        + " Packages database is a BerkeleyDB hash)");
            }
        }
        throw new RpmDatabaseException(path + ": not an rpm database (" + head.length + "-byte start "
                + HexFormat.ofDelimiter(" ").formatHex(head) + " matches no SQLite, NDB or BerkeleyDB hash magic)");
    }

    private static byte[] readHead(Path path) throws RpmDatabaseException {
        if (Files.isDirectory(path)) {
            throw new RpmDatabaseException(path + ": not an rpm database (a directory)");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(PROBE_LENGTH);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until 16 bytes or end of file
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            throw new RpmDatabaseException(path + ": no such file", e);
        } catch (IOException e) {
            throw new RpmDatabaseException(path + ": cannot read: " + e, e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
