package dev.imagescan.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.image.CountingRandomAccessSource;
import dev.imagescan.image.FileRandomAccessSource;
import dev.imagescan.image.RangeLog;
import dev.imagescan.image.ReadAheadChannel;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Image archives scanned from a {@link dev.imagescan.image.RandomAccessSource} (as from S3 with ranged GETs): the
 * same inventory as from the file, each layer blob read once with one ranged read of exactly its bytes, the rest a
 * few small reads of headers; with every layer in the cache, no layer bytes at all.
 */
class RangedScanTest {
    /**
     * What one read of the archive's table of contents may cost: a block of tar headers (and the small JSON members
     * between them, which are not read again). There is one such read after each layer blob, and one or two more for
     * the start and the end of the archive.
     */
    static final long HEADER_READ = ReadAheadChannel.MIN_BLOCK;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alpine-3.20.3.oci.tar", "alpine-3.6.5.oci.tar", "debian-bookworm-trimmed.oci.tar",
            "alpine-3.9.6.docker.tar"})
    void layerBlobsAreReadOnceWithOneRangedReadEachAndNothingWhenCached(String name) throws IOException {
        Path archive = committed(name);
        Inventory fromFile = new ImageScanner(ScanOptions.defaults()).scan(archive);
        InMemoryLayerCache cache = new InMemoryLayerCache();
        ScanOptions cached = ScanOptions.defaults().withLayerCache(cache);

        Scan cold = scanFromSource(archive, cached);
        Scan warm = scanFromSource(archive, cached);

        List<Span> layers = layerSpans(archive, fromFile.image());
        long layerBytes = layers.stream().mapToLong(Span::size).sum();
        assertThat(cold.inventory()).isEqualTo(fromFile);
        assertThat(warm.inventory()).isEqualTo(fromFile);
        for (Span layer : layers) {
            assertThat(cold.ranges()).as("the one read of %s", layer)
                    .filteredOn(r -> r.offset() == layer.offset() && r.length() == layer.size()).hasSize(1);
            assertThat(cold.ranges().stream().filter(r -> r.length() != layer.size() && r.overlaps(layer.offset(), layer.size()))
                    .mapToLong(r -> overlap(r, layer)).sum())
                    .as("bytes of %s read while indexing", layer).isLessThanOrEqualTo(HEADER_READ);
            assertThat(warm.ranges()).noneMatch(r -> r.offset() == layer.offset() && r.length() == layer.size());
        }
        long headerReads = layers.size() + 2;
        assertThat(cold.counted().bytesRead()).isEqualTo(cold.counted().bytesRequested())
                .isLessThanOrEqualTo(layerBytes + headerReads * HEADER_READ);
        assertThat(cold.counted().requests()).isLessThanOrEqualTo(layers.size() + headerReads);
        assertThat(warm.counted().bytesRead()).isLessThanOrEqualTo(headerReads * HEADER_READ);
        assertThat(warm.counted().requests()).isLessThanOrEqualTo(headerReads);
        System.out.printf("%s: archive %d bytes, %d layers of %d bytes; cold %d bytes in %d reads (%.4f of layer bytes);"
                        + " warm %d bytes in %d reads%n", name, Files.size(archive), layers.size(), layerBytes,
                cold.counted().bytesRead(), cold.counted().requests(), cold.counted().bytesRead() / (double) layerBytes,
                warm.counted().bytesRead(), warm.counted().requests());
    }

    @Test
    void aCompressedArchiveIsStreamedOnceFromStartToEnd() throws IOException {
        Path archive = Corpus.image("alpine-3.9.6.docker.tar.gz");
        Inventory fromFile = new ImageScanner(ScanOptions.defaults()).scan(archive);

        Scan scan = scanFromSource(archive, ScanOptions.defaults());

        long size = Files.size(archive);
        assertThat(scan.inventory()).isEqualTo(fromFile);
        assertThat(scan.ranges()).contains(new RangeLog.Range(0, size));
        assertThat(scan.counted().requests()).isEqualTo(2);
        assertThat(scan.counted().bytesRead()).isLessThanOrEqualTo(size + 4096);
    }

    @Test
    void theCallersSourceStaysOpenAndTheImageIsNamedAfterIt() throws IOException {
        Path archive = committed("alpine-3.20.3.oci.tar");
        try (FileRandomAccessSource source = FileRandomAccessSource.open(archive, "s3://bucket/alpine.tar")) {
            Inventory first = new ImageScanner(ScanOptions.defaults()).scan(source);
            Inventory second = new ImageScanner(ScanOptions.defaults()).scan(source);

            assertThat(first.image().name()).isEqualTo("s3://bucket/alpine.tar");
            assertThat(second).isEqualTo(first);
        }
    }

    private Scan scanFromSource(Path archive, ScanOptions options) throws IOException {
        try (CountingRandomAccessSource counted = new CountingRandomAccessSource(FileRandomAccessSource.open(archive))) {
            RangeLog log = new RangeLog(counted);
            Inventory inventory = new ImageScanner(options).scan(log);
            return new Scan(inventory, counted, log.ranges());
        }
    }

    private record Scan(Inventory inventory, CountingRandomAccessSource counted, List<RangeLog.Range> ranges) {}

    /** Where a layer blob lies in the archive. */
    private record Span(String name, long offset, long size) {}

    /** The members holding the image's layer blobs, found by an independent reading of the tar. */
    private static List<Span> layerSpans(Path archive, ImageSummary image) throws IOException {
        Map<String, TarArchiveEntry> members = new HashMap<>();
        try (TarFile tar = new TarFile(archive)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                members.put(e.getName().replaceFirst("^\\./", ""), e);
            }
        }
        List<Span> spans = new ArrayList<>();
        for (ImageSummary.Layer layer : image.layers()) {
            TarArchiveEntry member = layer.digest() != null
                    ? members.get("blobs/sha256/" + layer.digest().substring("sha256:".length()))
                    : members.values().stream()
                            .filter(e -> e.isFile() && e.getName().endsWith(".tar") && e.getSize() == layer.size())
                            .findFirst().orElseThrow();
            spans.add(new Span(member.getName(), member.getDataOffset(), member.getSize()));
        }
        return spans;
    }

    private static long overlap(RangeLog.Range r, Span s) {
        return Math.max(0, Math.min(r.end(), s.offset() + s.size()) - Math.max(r.offset(), s.offset()));
    }

    /** A committed image as an uncompressed archive (the gzip docker-archive is decompressed first). */
    private Path committed(String name) throws IOException {
        if (!name.endsWith(".docker.tar")) {
            return Corpus.image(name);
        }
        Path tar = dir.resolve(name);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Corpus.image(name + ".gz")))) {
            Files.copy(in, tar);
        }
        return tar;
    }
}
