package dev.imagescan.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.IOUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that, like Go's archive/tar (which builds most layers), accepts a tar ending at a record boundary
 * without the end-of-archive marker, but refuses one that ends in the middle of a header record: commons-compress
 * alone would take such a cut for a clean end.
 */
final class StrictTarInputStream extends TarArchiveInputStream {
    private final byte[] record = new byte[512];

    StrictTarInputStream(InputStream in) {
        super(in);
    }

    @Override
    protected byte[] readRecord() throws IOException {
        int n = IOUtils.read(in, record);
        count(n);
        if (n == 0) {
            return null;
        }
        if (n != record.length) {
            throw new EOFException("the tar ends in the middle of a header, after " + n + " of its 512 bytes");
        }
        return record;
    }
}
