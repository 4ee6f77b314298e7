package dev.imagescan.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test material: the real images committed under {@code src/test/resources/images/} (with their expected package
 * lists), and the larger reference corpus beside the repository ({@code ../shared/corpus}) when it is there. The
 * project's tests pass without the reference corpus; tests that need it skip themselves.
 */
public final class Corpus {
    private static Path extracted;

    private Corpus() {}

    /** A committed test image or file, as a path (copied out of the test jar when read from another module). */
    public static synchronized Path image(String name) {
        URL url = Corpus.class.getResource("/images/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test image " + name);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            if (extracted == null) {
                extracted = Files.createTempDirectory("imagescan-test-images");
                extracted.toFile().deleteOnExit();
            }
            Path out = extracted.resolve(name);
            if (!Files.exists(out)) {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                out.toFile().deleteOnExit();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
