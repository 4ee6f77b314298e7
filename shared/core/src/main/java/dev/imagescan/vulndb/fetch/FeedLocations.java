package dev.imagescan.vulndb.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The documents one source reads, in order, and how it fetches them: the locations a user named ({@code nvd=FILE})
 * or the feed's official URLs.
 *
 * @param locations http(s) URLs or local files, at least one
 * @param fetcher   how URLs are fetched
 */
public record FeedLocations(List<String> locations, FeedFetcher fetcher) {
    public FeedLocations {
        locations = List.copyOf(locations);
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("a feed needs at least one location");
        }
        Objects.requireNonNull(fetcher, "fetcher");
    }

    /**
     * How a database records the source: its kind, then the one location's name (a file's own name, a URL without
     * user information, query or fragment), or how many documents there are.
     */
    public String describe(String kind) {
        if (locations.size() > 1) {
            return kind + ":" + locations.size() + " documents";
        }
        String l = locations.get(0);
        return kind + ":" + (l.contains("://") ? l.split("[?#]", 2)[0].replaceFirst("//[^/@]*@", "//")
                : Path.of(l).getFileName().toString());
    }

    /** Reads one of a source's documents. */
    @FunctionalInterface
    public interface DocumentReader {
        /** Parses {@code in}, handing what it holds to the source's sink. */
        void read(FeedInput in) throws IOException;
    }

    /**
     * Opens each location in turn, hands it to {@code reader} and closes it; the version of all that was read
     * ({@link #combined}). An {@link UncheckedIOException} out of the reader (a sink's failure inside a parser's
     * callback) is rethrown as its cause.
     */
    public String readEach(DocumentReader reader) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : locations) {
            try (FeedInput in = FeedInput.open(location, fetcher)) {
                reader.read(in);
                versions.add(in.version());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return combined(versions);
    }

    /**
     * The version {@link #readEach} would return now, found without reading the documents: each is asked
     * conditionally ({@link FeedInput#probeVersion}); an unchanged one is not downloaded.
     */
    public String probe() throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : locations) {
            versions.add(FeedInput.probeVersion(location, fetcher));
        }
        return combined(versions);
    }

    /** One version for several documents read in order: {@code sha256:} of their versions, one a line. */
    public static String combined(List<String> versions) {
        if (versions.size() == 1) {
            return versions.get(0);
        }
        return "sha256:" + FeedFetcher.sha256Hex((String.join("\n", versions) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
