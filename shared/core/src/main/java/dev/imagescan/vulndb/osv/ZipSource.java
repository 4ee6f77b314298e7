package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The {@code *.json} entries of a zip archive such as OSV's {@code all.zip}, inflated one at a time into memory,
 * never onto disk, in the archive's own order. Bounded whatever the archive claims: each entry by the document limit
 * and all of them together by the archive limit, both counted on the bytes actually inflated, and the number of
 * entries.
 */
final class ZipSource implements DocumentSource {
    private final Path file;
    private final String name;
    private final OsvLimits limits;

    /**
     * @param file the archive
     * @param name how the source and its entries are named ({@code all.zip}, or the URL it came from)
     */
    ZipSource(Path file, String name, OsvLimits limits) {
        this.file = file;
        this.name = name;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void read(DocumentSink sink) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new OsvFormatException(name + ": not a readable zip archive (" + e.getMessage() + ")", e);
        }
        try (zip) {
            long entries = 0;
            long inflated = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > limits.maxArchiveEntries()) {
                    throw new OsvFormatException(name + ": more than " + limits.maxArchiveEntries() + " entries");
                }
                if (entry.isDirectory() || !entry.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
                    continue;
                }
                String entryName = name + "!/" + entry.getName();
                byte[] json;
                try (InputStream in = zip.getInputStream(entry)) {
                    json = Documents.readBounded(in, Math.min(limits.maxDocumentBytes(),
                            limits.maxArchiveBytes() - inflated), entryName);
                } catch (OsvFormatException e) {
                    if (limits.maxArchiveBytes() - inflated < limits.maxDocumentBytes()) {
                        throw new OsvFormatException(name + ": inflates to more than " + limits.maxArchiveBytes()
                                + " bytes", e);
                    }
                    throw e;
                } catch (ZipException e) {
                    throw new OsvFormatException(entryName + ": corrupt zip entry (" + e.getMessage() + ")", e);
                }
                inflated += json.length;
                sink.document(entryName, json);
            }
        } catch (ZipException e) {
            throw new OsvFormatException(name + ": corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }
}
