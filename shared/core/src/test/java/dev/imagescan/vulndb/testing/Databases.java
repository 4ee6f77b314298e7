package dev.imagescan.vulndb.testing;

import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.DatabaseWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Vulnerability database artifacts for tests. */
public final class Databases {
    private Databases() {}

    /** An artifact holding no advisory, built at {@code builtAt} (so each time gives another database version). */
    public static byte[] empty(Instant builtAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new DatabaseBuilder().build(List.of(), builtAt, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An artifact holding {@code records} (see {@link Advisories}), built at {@code builtAt}. */
    public static byte[] of(Instant builtAt, OsvRecord... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DatabaseWriter.write(List.of(records), List.of("crafted"), builtAt, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
