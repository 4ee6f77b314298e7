package dev.imagescan.vulndb.osv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a whole document into memory, refusing it past a size limit without reading further; sniffs zips. */
final class Documents {
    private Documents() {}

    /** Every byte of {@code in}, at most {@code max}; more is an {@link OsvFormatException} naming {@code name}. */
    static byte[] readBounded(InputStream in, long max, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                throw new OsvFormatException(name + ": larger than " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Whether a file starts like a zip archive: a local file header ({@code PK\3\4}) or an empty archive's end. */
    static boolean startsLikeZip(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return head.length == 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }
}
