package dev.imagescan.vulndb.testing;

import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvFormatException;
import dev.imagescan.vulndb.osv.OsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The crafted OSV records under {@code vulndb/osv/} in shared/testing (one per distribution, each checked against
 * the OSV schema by OsvSchemaTest), readable from a directory or from the test jar.
 */
public final class OsvFixtures {
    /** The records' resource names, relative to {@code /vulndb/osv/}. */
    public static final List<String> RECORDS = List.of("DEBIAN-CVE-2024-0727.json", "UBUNTU-CVE-2024-3094.json",
            "RHSA-2024-1234.json", "ALPINE-CVE-2024-0853.json", "nested/ALSA-2024-0001.json",
            "nested/RLSA-2023-0001.json");
    /** A file among them that is not a record. */
    public static final String NOT_A_RECORD = "nested/README.txt";

    private OsvFixtures() {}

    /** The bytes of one crafted resource. */
    public static byte[] bytes(String name) {
        try (InputStream in = OsvFixtures.class.getResourceAsStream("/vulndb/osv/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /vulndb/osv/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One crafted record, parsed. */
    public static OsvRecord record(String name) {
        try {
            return new OsvParser().parse(bytes(name), name);
        } catch (OsvFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies every crafted resource (records and the non-record) into {@code dir}, keeping subdirectories. */
    public static Path copyTo(Path dir) throws IOException {
        for (String name : concat(RECORDS, NOT_A_RECORD)) {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, bytes(name));
        }
        return dir;
    }

    private static List<String> concat(List<String> names, String more) {
        return Stream.concat(names.stream(), Stream.of(more)).toList();
    }
}
