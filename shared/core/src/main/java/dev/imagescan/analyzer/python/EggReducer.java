package dev.imagescan.analyzer.python;

import dev.imagescan.layer.FileReducer;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keeps the {@code EGG-INFO/PKG-INFO} of a zipped egg ({@code easy_install} and old setuptools installed
 * distributions as {@code name-version-pyX.Y.egg} zip files in {@code site-packages}) as it streams by: at most
 * {@value #MAX_BYTES} bytes of it, read forward only; null when the file is no zip or holds none.
 */
final class EggReducer implements FileReducer {
    static final int MAX_BYTES = 256 * 1024;
    static final String ENTRY = "EGG-INFO/PKG-INFO";

    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(ENTRY)) {
                    return zip.readNBytes(MAX_BYTES);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a readable zip: nothing to keep (the layer itself is read on by the caller)
        }
        return null;
    }
}
