package dev.imagescan.analyzer.python;

import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.layer.FileReducer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keeps the {@code EGG-INFO/PKG-INFO} of a zipped egg ({@code easy_install} and old setuptools installed
 * distributions as {@code name-version-pyX.Y.egg} zip files in {@code site-packages}) as it streams by: the egg's
 * SHA-256 (lower-case hex) on a line, then at most {@value #MAX_BYTES} bytes of its {@code PKG-INFO}, read forward
 * only (the rest of the egg drained through the digest); null when the file is no zip or holds none.
 */
final class EggReducer implements FileReducer {
    static final int MAX_BYTES = 256 * 1024;
    static final String ENTRY = "EGG-INFO/PKG-INFO";

    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        DigestInputStream hashed = new DigestInputStream(in, AppFiles.sha256());
        ZipInputStream zip = new ZipInputStream(hashed);
        byte[] pkgInfo = null;
        try {
            ZipEntry entry;
            while (pkgInfo == null && (entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(ENTRY)) {
                    pkgInfo = zip.readNBytes(MAX_BYTES);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a readable zip: nothing to keep (the layer itself is read on by the caller)
        }
        if (pkgInfo == null) {
            return null;
        }
        hashed.transferTo(OutputStream.nullOutputStream());
        byte[] hex = (HexFormat.of().formatHex(hashed.getMessageDigest().digest()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(hex, hex.length + pkgInfo.length);
        System.arraycopy(pkgInfo, 0, out, hex.length, pkgInfo.length);
        return out;
    }
}
