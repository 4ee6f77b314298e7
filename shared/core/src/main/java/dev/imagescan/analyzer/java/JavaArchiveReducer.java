package dev.imagescan.analyzer.java;

import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.layer.FileReducer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a Java archive (jar, war, ear, par) as it streams by, once, forward only: its SHA-1 and SHA-256, the
 * {@code pom.properties} of every artifact in it (Maven writes them in {@code META-INF/maven/}; a shaded jar has one
 * per embedded artifact; one elsewhere counts when it names a groupId, artifactId and version, as Trivy and Syft read
 * them), its {@code META-INF/MANIFEST.MF}, and the archives nested in it, recursively, bounded in depth,
 * count and decompressed bytes. Keeps an {@link ArchiveSummary}; never the archive.
 */
final class JavaArchiveReducer implements FileReducer {
    static final int MAX_DEPTH = 3;
    static final int MAX_ARCHIVES = 2_000;
    static final long MAX_INFLATED = 2L << 30;
    static final int MAX_SMALL_ENTRY = 256 * 1024;

    @Override
    public byte[] reduce(String path, InputStream in, long size) throws IOException {
        ArchiveSummary summary = new ArchiveSummary();
        Budget budget = new Budget();
        read(path, in, 0, summary, budget);
        return summary.encode();
    }

    /** Counts what one top-level archive costs. */
    private static final class Budget {
        int archives;
        long inflated;
    }

    /** Reads one archive from {@code in} (drained to its end so its SHA-1 covers every byte). */
    private void read(String path, InputStream in, int depth, ArchiveSummary summary, Budget budget)
            throws IOException {
        DigestInputStream hashed256 = new DigestInputStream(in, AppFiles.sha256());
        DigestInputStream hashed = new DigestInputStream(hashed256, sha1());
        if (++budget.archives > MAX_ARCHIVES) {
            summary.problems.add("/" + path + ": more than " + MAX_ARCHIVES + " nested archives; the rest not read");
            return;
        }
        boolean anyPom = false;
        Manifest manifest = null;
        ZipInputStream zip = new ZipInputStream(new KeepOpen(hashed));
        int entries = 0;
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries++;
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.equals("pom.properties") || name.endsWith("/pom.properties")) {
                    Properties pom = new Properties();
                    pom.load(new ByteArrayInputStream(small(zip, budget)));
                    String g = pom.getProperty("groupId");
                    String a = pom.getProperty("artifactId");
                    String v = pom.getProperty("version");
                    if (notBlank(g) && notBlank(a) && notBlank(v)) {
                        summary.artifacts.add(new ArchiveSummary.Artifact(path, g.strip(), a.strip(), v.strip(),
                                true, name));
                        anyPom = true;
                    } else if (name.startsWith("META-INF/maven/")) {
                        // elsewhere a pom.properties may be anything's; in Maven's own place it should be whole
                        summary.problems.add("/" + path + "!/" + name + ": no groupId, artifactId and version");
                    }
                } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(new ByteArrayInputStream(small(zip, budget)));
                } else if (isArchiveName(name)) {
                    if (depth + 1 > MAX_DEPTH) {
                        summary.problems.add("/" + path + "!/" + name + ": nested deeper than " + MAX_DEPTH
                                + " archives; not read");
                    } else {
                        read(path + "!/" + name, new Inflated(zip, budget, path), depth + 1, summary, budget);
                    }
                }
            }
            if (entries == 0) {
                summary.problems.add("/" + path + ": not a readable Java archive (no entries)");
            }
        } catch (BudgetExceeded e) {
            summary.problems.add("/" + path + ": " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // the archive's own format (a failure of the layer itself shows again when the rest is drained below)
            summary.problems.add("/" + path + ": not a readable Java archive (" + e.getMessage() + ")");
        }
        if (!anyPom && manifest != null) {
            fromManifest(path, manifest, summary);
        }
        hashed.transferTo(OutputStream.nullOutputStream());
        summary.archives.add(new ArchiveSummary.Archive(path,
                HexFormat.of().formatHex(hashed.getMessageDigest().digest()),
                HexFormat.of().formatHex(hashed256.getMessageDigest().digest())));
    }

    /**
     * The identity a manifest gives, with medium confidence: {@code Implementation-Vendor-Id} (the groupId Maven's
     * archiver wrote) or the {@code Bundle-SymbolicName}'s prefix is not trusted as a group; the artifact is the
     * {@code Implementation-Title} or {@code Bundle-SymbolicName}, the version {@code Implementation-Version} or
     * {@code Bundle-Version}.
     */
    private static void fromManifest(String path, Manifest manifest, ArchiveSummary summary) {
        Attributes main = manifest.getMainAttributes();
        String title = first(main, "Implementation-Title", "Bundle-SymbolicName", "Specification-Title");
        String version = first(main, "Implementation-Version", "Bundle-Version", "Specification-Version");
        if (!notBlank(title) || !notBlank(version)) {
            return;
        }
        int semicolon = title.indexOf(';'); // Bundle-SymbolicName: name;singleton:=true
        title = semicolon >= 0 ? title.substring(0, semicolon).strip() : title.strip();
        String group = main.getValue("Implementation-Vendor-Id");
        summary.artifacts.add(new ArchiveSummary.Artifact(path, notBlank(group) ? group.strip() : "", title,
                version.strip(), false, "META-INF/MANIFEST.MF"));
    }

    private static String first(Attributes attributes, String... names) {
        for (String n : names) {
            String v = attributes.getValue(n);
            if (notBlank(v)) {
                return v;
            }
        }
        return null;
    }

    static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear") || lower.endsWith(".par");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static byte[] small(InputStream entry, Budget budget) throws IOException {
        byte[] bytes = entry.readNBytes(MAX_SMALL_ENTRY);
        budget.inflated += bytes.length;
        return bytes;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decompressed bytes of a nested archive, charged to the budget of the top-level one. */
    private static final class Inflated extends FilterInputStream {
        private final Budget budget;
        private final String path;

        Inflated(InputStream in, Budget budget, String path) {
            super(in);
            this.budget = budget;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (budget.inflated += n) > MAX_INFLATED) {
                throw new BudgetExceeded("nested archives decompress to more than " + MAX_INFLATED
                        + " bytes; the rest not read");
            }
            return n;
        }

        @Override
        public void close() {
            // the enclosing archive goes on
        }
    }

    /** The archive's stream as the zip reader sees it: closing it does not close the layer. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller drains and owns the stream
        }
    }

    /** Past the decompression budget of one top-level archive. */
    private static final class BudgetExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded(String message) {
            super(message);
        }
    }
}
