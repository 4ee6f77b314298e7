package dev.imagescan.analyzer.java;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link JavaArchiveReducer} keeps of a Java archive, one line per fact, tab-separated: the archives (the file
 * and those nested in it, with their SHA-1 and SHA-256), the Maven identities of their {@code pom.properties}, the
 * identity their {@code MANIFEST.MF} gives when they have no {@code pom.properties}, and problems. Small, so the layer cache can
 * keep it in place of the archive.
 */
final class ArchiveSummary {
    /** An archive: its path ({@code outer.jar!/inner.jar}), SHA-1 and SHA-256 (null in a summary without it). */
    record Archive(String path, String sha1, String sha256) {}

    /** An artifact found in the archive at {@code archive}: from pom.properties or, failing that, the manifest. */
    record Artifact(String archive, String groupId, String artifactId, String version, boolean fromPom,
            String entry) {}

    final List<Archive> archives = new ArrayList<>();
    final List<Artifact> artifacts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    byte[] encode() {
        StringBuilder out = new StringBuilder();
        for (Archive a : archives) {
            line(out, "A", a.path, a.sha1, a.sha256);
        }
        for (Artifact a : artifacts) {
            line(out, a.fromPom ? "P" : "M", a.archive, a.groupId, a.artifactId, a.version, a.entry);
        }
        for (String p : problems) {
            line(out, "E", p);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ArchiveSummary decode(byte[] bytes) {
        ArchiveSummary s = new ArchiveSummary();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "A" -> s.archives.add(new Archive(f[1], f[2], f.length > 3 && !f[3].isEmpty() ? f[3] : null));
                case "P", "M" -> s.artifacts.add(new Artifact(f[1], f[2], f[3], f[4], f[0].equals("P"), f[5]));
                case "E" -> s.problems.add(f[1]);
                default -> {
                    // an empty summary
                }
            }
        }
        return s;
    }

    private static void line(StringBuilder out, String kind, String... fields) {
        out.append(kind);
        for (String f : fields) {
            out.append('\t').append(clean(f));
        }
        out.append('\n');
    }

    /** A field as one line of printable text, at most 512 characters. */
    static String clean(String value) {
        if (value == null) {
            return "";
        }
        String s = value.strip().replaceAll("[\\p{Cntrl}]", " ");
        return s.length() > 512 ? s.substring(0, 512) : s;
    }
}
