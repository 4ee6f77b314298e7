package dev.imagescan.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * OSV feeds for tests: the real records of the bundled snapshot ({@code shared/core/src/main/vulndb-snapshot/<dir>/}), read
 * from the repository whatever module the test runs in, and zipped the way OSV publishes {@code all.zip} (one
 * {@code <id>.json} entry per record).
 */
public final class OsvFeeds {
    private OsvFeeds() {}

    /** The records of the snapshot's {@code alpine} or {@code debian} directory, by file name, in name order. */
    public static Map<String, byte[]> snapshot(String dir) {
        Path root = repositoryRoot().resolve("shared/core/src/main/vulndb-snapshot").resolve(dir);
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                records.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("no OSV record in " + root);
        }
        return records;
    }

    /** The first {@code n} of the records. */
    public static Map<String, byte[]> first(Map<String, byte[]> records, int n) {
        Map<String, byte[]> some = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : new ArrayList<>(records.entrySet()).subList(0, n)) {
            some.put(e.getKey(), e.getValue());
        }
        return some;
    }

    /** An OSV {@code all.zip} of the records. */
    public static byte[] zip(Map<String, byte[]> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : records.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The directory holding {@code template.yaml}, above the working directory. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The names of the records, without {@code .json}: their ids. */
    public static List<String> ids(Map<String, byte[]> records) {
        return records.keySet().stream().map(n -> n.substring(0, n.length() - ".json".length())).toList();
    }
}
