package dev.imagescan.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads tars back in tests (small ones into memory; {@link #sha256} streams). */
public final class TarContents {
    private TarContents() {}

    /** The entries in archive order (headers only). */
    public static List<TarArchiveEntry> entries(Path tar) {
        try (InputStream in = Files.newInputStream(tar)) {
            return entries(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<TarArchiveEntry> entries(byte[] tar) {
        try {
            return entries(new ByteArrayInputStream(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<TarArchiveEntry> entries(InputStream in) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            out.add(e);
        }
        return out;
    }

    /** The entry names in archive order. */
    public static List<String> names(Path tar) {
        return entries(tar).stream().map(TarArchiveEntry::getName).toList();
    }

    public static List<String> names(byte[] tar) {
        return entries(tar).stream().map(TarArchiveEntry::getName).toList();
    }

    /** Every regular file's content by name, in archive order (small archives only). */
    public static Map<String, byte[]> readAll(Path tar) {
        try (InputStream in = Files.newInputStream(tar)) {
            return readAll(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, byte[]> readAll(byte[] tar) {
        try {
            return readAll(new ByteArrayInputStream(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> readAll(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isFile()) {
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    /** sha256 ({@code sha256:<hex>}) of each regular file, streamed, by name. */
    public static Map<String, String> sha256(Path tar) {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            TarArchiveInputStream t = new TarArchiveInputStream(in, "UTF-8");
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), Digests.sha256(t));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
