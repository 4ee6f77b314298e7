package dev.imagescan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
/**
 * Test material: the real images committed under {@code src/test/resources/images/} (with their expected package
 * lists), and the larger reference corpus beside the repository ({@code ../shared/corpus}) when it is there. The
 * project's tests pass without the reference corpus; tests that need it skip themselves.
 */
public final class Corpus {
    private static Path extracted;

    private Corpus() {}

    /** A committed test image or file under {@code images/}, as a path. */
    public static Path image(String name) {
        return resource("images/" + name);
    }

    /**
     * A file or directory of the test material on the class path ({@code images/…}, {@code rpmdb/…},
     * {@code sbom/…}, …) as a path: itself when the class path is a directory, else copied out of this module's jar
     * once per JVM into a temporary directory that is deleted at exit.
     */
    public static synchronized Path resource(String name) {
        URL url = Corpus.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test material " + name);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            if (extracted == null) {
                extracted = Files.createTempDirectory("imagescan-test-material");
                Path root = extracted;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "test-material-cleanup"));
            }
            Path out = extracted.resolve(name);
            if (!Files.exists(out)) {
                copyOut(url, name, out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code name} (a file or a directory tree) out of the jar that {@code url} points into. */
    private static void copyOut(URL url, String name, Path out) throws IOException, URISyntaxException {
        URI uri = url.toURI();
        FileSystem zip;
        try {
            zip = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            zip = FileSystems.getFileSystem(uri);
        }
        Path source = zip.getPath("/" + name);
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path target = out.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    /** The reference corpus directory ({@code shared/corpus} beside the repository), if present. */
    public static Optional<Path> referenceCorpus() {
        String configured = System.getProperty("imagescan.corpus", System.getenv("IMAGESCAN_CORPUS"));
        if (configured != null) {
            Path p = Path.of(configured);
            return Files.isDirectory(p.resolve("images")) ? Optional.of(p) : Optional.empty();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus");
            if (Files.isDirectory(candidate.resolve("images")) && Files.isDirectory(candidate.resolve("expected"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The rows of an expected package list (header dropped), sorted. */
    public static List<String> expectedRows(Path tsv) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(tsv, StandardCharsets.UTF_8));
            lines.remove(0);
            lines.removeIf(String::isBlank);
            lines.sort(null);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
