package dev.imagescan.vulndb.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The real Ubuntu CVE tracker files of shared/testing's {@code vulndb/ubuntu/tracker/} (its README.md cites each), laid
 * out as a checkout of the tracker or packed as a tarball of one, the way {@code git archive} writes it.
 */
public final class TrackerSamples {
    /** Every sample, by its path in a checkout. */
    public static final List<String> FILES = List.of(
            "active/CVE-2017-9996", "active/CVE-2018-19139", "active/CVE-2018-20482", "active/CVE-2019-17185",
            "active/CVE-2022-41859", "active/CVE-2025-11411", "retired/CVE-2012-4929", "retired/CVE-2014-0160",
            "retired/CVE-2014-6271", "retired/CVE-2016-7543", "retired/CVE-2019-14287");

    private TrackerSamples() {}

    /** The bytes of one sample ({@code retired/CVE-2014-0160}). */
    public static byte[] bytes(String path) {
        return FeedSamples.bytes("ubuntu/tracker/" + path);
    }

    /** A checkout under {@code root} holding {@code files} (and a README, as the tracker has); {@code root}. */
    public static Path checkout(Path root, List<String> files) throws IOException {
        Files.createDirectories(root.resolve("active"));
        Files.createDirectories(root.resolve("retired"));
        Files.writeString(root.resolve("README"), "UBUNTU CVE TRACKER\n");
        for (String f : files) {
            Files.write(root.resolve(f), bytes(f));
        }
        return root;
    }

    /** A gzip-compressed tarball of {@code files} under {@code prefix/} ({@code ubuntu-cve-tracker/active/…}). */
    public static byte[] tarball(String prefix, List<String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            entry(tar, prefix + "/README", "UBUNTU CVE TRACKER\n".getBytes(StandardCharsets.UTF_8));
            for (String f : files) {
                entry(tar, prefix + "/" + f, bytes(f));
            }
        }
        return out.toByteArray();
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] body) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(body.length);
        tar.putArchiveEntry(e);
        tar.write(body);
        tar.closeArchiveEntry();
    }
}
