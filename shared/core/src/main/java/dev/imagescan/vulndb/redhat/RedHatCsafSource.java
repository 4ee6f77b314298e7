package dev.imagescan.vulndb.redhat;

import com.github.luben.zstd.ZstdInputStream;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.FeedInput;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Red Hat's security data in CSAF 2.0 as an {@link AdvisorySource}: the advisories (RHSA, fixed versions) or the
 * per-CVE VEX files (fixed versions and the unfixed statuses), parsed one document at a time as they stream
 * ({@link CsafParser}, {@link CsafRecords}). A location is:
 * <ul>
 *   <li>a base URL ending in {@code /} in Red Hat's layout ({@link #ADVISORIES_URL}, {@link #VEX_URL}):
 *       {@code archive_latest.txt} names the newest archive of every document ({@code csaf_vex_2024-11-17.tar.zst}),
 *       which is read entry by entry, leaving out the documents {@code deletions.csv} says Red Hat withdrew after
 *       their last release; then {@code changes.csv} ({@code "2024/cve-2024-10041.json","2025-06-30T…"})
 *       lists each document's last change, and those changed after the newest document of the archive are fetched
 *       one by one (at most {@link #MAX_CHANGED}). Every fetch is conditional (ETag, If-Modified-Since) when the
 *       source has a cache, so an unchanged archive is not downloaded again;</li>
 *   <li>a local directory: every {@code .json} under it, in path order;</li>
 *   <li>one {@code .json} document or one {@code .tar.zst} archive, a file or a URL.</li>
 * </ul>
 * Bounded: each document at most {@link #MAX_DOCUMENT_BYTES} (decompressed), an archive at most
 * {@link #MAX_ENTRIES} entries, downloads by the fetch limits. The first document that is not CSAF (or is cut
 * short) ends the read with a {@link FeedFormatException} naming it.
 */
public final class RedHatCsafSource implements AdvisorySource {
    /** Red Hat's CSAF advisories. */
    public static final String ADVISORIES_URL = "https://security.access.redhat.com/data/csaf/v2/advisories/";
    /** Red Hat's CSAF VEX files, one per CVE. */
    public static final String VEX_URL = "https://security.access.redhat.com/data/csaf/v2/vex/";
    static final long MAX_DOCUMENT_BYTES = 256L << 20;
    static final int MAX_ENTRIES = 2_000_000;
    static final int MAX_CHANGED = 50_000;
    static final int MAX_DELETED = 1_000_000;

    private final String kind;
    private final FeedLocations feeds;

    /**
     * @param kind  how the database records it: {@code redhat-csaf} or {@code redhat-vex}
     * @param feeds the locations (see the class comment)
     */
    public RedHatCsafSource(String kind, FeedLocations feeds) {
        this.kind = kind;
        this.feeds = feeds;
    }

    @Override
    public String name() {
        return feeds.describe(kind);
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            Path local = location.contains("://") ? null : Path.of(location);
            if (local != null && Files.isDirectory(local)) {
                versions.add(directory(local, sink));
            } else if (location.endsWith("/")) {
                versions.add(layout(location, sink));
            } else {
                try (FeedInput in = FeedInput.open(location, feeds.fetcher())) {
                    if (location.toLowerCase(Locale.ROOT).endsWith(".tar.zst")) {
                        archive(in, Map.of(), sink);
                    } else {
                        document(in.stream(), in.name(), null, sink);
                    }
                    versions.add(in.version());
                }
            }
        }
        return FeedLocations.combined(versions);
    }

    /**
     * Red Hat's layout under {@code base}: {@code deletions.csv} (the documents Red Hat withdrew, and when), the latest
     * archive, then the documents changed since; a withdrawn document is left out unless it changed after its
     * withdrawal (it was published again).
     */
    private String layout(String base, RecordSink sink) throws IOException {
        List<String> versions = new ArrayList<>();
        String archive;
        try (FeedInput in = FeedInput.open(base + "archive_latest.txt", feeds.fetcher())) {
            archive = new String(in.stream().readNBytes(1024), StandardCharsets.UTF_8).strip();
            versions.add(in.version());
        }
        if (!archive.matches("[A-Za-z0-9._-]+\\.tar\\.zst")) {
            throw new FeedFormatException(base + "archive_latest.txt: '" + archive + "' is not an archive's name");
        }
        Map<String, Instant> deleted = new HashMap<>();
        try (FeedInput in = FeedInput.open(base + "deletions.csv", feeds.fetcher())) {
            readList(in, MAX_DELETED, (path, when) -> deleted.merge(path, when, (a, b) -> a.isAfter(b) ? a : b));
            versions.add(in.version());
        }
        Instant newest;
        try (FeedInput in = FeedInput.open(base + archive, feeds.fetcher())) {
            newest = archive(in, deleted, sink);
            versions.add(in.version());
        }
        List<String> changed = new ArrayList<>();
        try (FeedInput in = FeedInput.open(base + "changes.csv", feeds.fetcher())) {
            readList(in, Integer.MAX_VALUE, (path, when) -> {
                Instant gone = deleted.get(path);
                if ((newest == null || when.isAfter(newest)) && (gone == null || when.isAfter(gone))) {
                    changed.add(path);
                }
            });
            versions.add(in.version());
        }
        if (changed.size() > MAX_CHANGED) {
            throw new FeedFormatException(base + "changes.csv: " + changed.size() + " documents changed since "
                    + archive + ", more than " + MAX_CHANGED + "; is the archive current?");
        }
        changed.sort(null);
        for (String path : changed) {
            try (FeedInput in = FeedInput.open(base + path, feeds.fetcher())) {
                document(in.stream(), in.name(), null, sink);
                versions.add(in.version());
            }
        }
        return FeedLocations.combined(versions);
    }

    /**
     * The lines of {@code changes.csv} or {@code deletions.csv} ({@code "2024/cve-2024-10041.json","2025-06-30T…"}),
     * each to {@code line}; at most {@code max} of them.
     */
    private static void readList(FeedInput in, int max, BiConsumer<String, Instant> line) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in.stream(), StandardCharsets.UTF_8));
        String text;
        int n = 0;
        while ((text = lines.readLine()) != null) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            if (n > max) {
                throw new FeedFormatException(in.name() + ": more than " + max + " lines");
            }
            String[] cells = text.split(",", -1);
            if (cells.length != 2) {
                throw new FeedFormatException(in.name() + " line " + n + ": expected \"path\",\"time\"");
            }
            String path = unquote(cells[0]);
            Instant when;
            try {
                when = OffsetDateTime.parse(unquote(cells[1])).toInstant();
            } catch (DateTimeParseException e) {
                throw new FeedFormatException(in.name() + " line " + n + ": '" + cells[1] + "' is not a date-time");
            }
            if (!path.matches("[0-9]{4}/[A-Za-z0-9._:-]+\\.json")) {
                throw new FeedFormatException(in.name() + " line " + n + ": '" + path
                        + "' is not a document path such as 2024/cve-2024-10041.json");
            }
            line.accept(path, when);
        }
    }

    /**
     * Every document of a {@code .tar.zst} archive but those {@code deleted} after their last release (by path); the
     * newest {@code current_release_date} read, or null.
     */
    private Instant archive(FeedInput in, Map<String, Instant> deleted, RecordSink sink) throws IOException {
        Instant newest = null;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStream(in.stream()))) {
            TarArchiveEntry e;
            while ((e = next(tar, in.name())) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new FeedFormatException(in.name() + ": more than " + MAX_ENTRIES + " entries");
                }
                if (!e.isFile() || !e.getName().endsWith(".json")) {
                    continue;
                }
                String path = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                Instant t = document(new Unclosed(tar), in.name() + "!" + e.getName(), deleted.get(path), sink);
                if (t != null && (newest == null || t.isAfter(newest))) {
                    newest = t;
                }
            }
        }
        return newest;
    }

    /** The archive's next entry; a damaged archive is a {@link FeedFormatException} naming it. */
    private static TarArchiveEntry next(TarArchiveInputStream tar, String name) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new FeedFormatException(name + ": not a readable .tar.zst archive: " + e.getMessage(), e);
        }
    }

    private String directory(Path dir, RecordSink sink) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        }
        List<String> versions = new ArrayList<>();
        for (Path f : files) {
            try (FeedInput in = FeedInput.open(f.toString(), feeds.fetcher())) {
                document(in.stream(), dir.getFileName() + "/" + dir.relativize(f), null, sink);
                versions.add(in.version());
            }
        }
        if (files.isEmpty()) {
            throw new FeedFormatException(dir.getFileName() + ": no .json document in the directory");
        }
        return FeedLocations.combined(versions);
    }

    /**
     * One document's records to the sink, unless Red Hat withdrew it at {@code deleted} (null: never) after its
     * {@code current_release_date}; that date.
     */
    private static Instant document(InputStream in, String name, Instant deleted, RecordSink sink)
            throws IOException {
        CsafDocument doc = CsafParser.parse(new Capped(in, name), name);
        if (deleted != null && (doc.currentRelease == null || !doc.currentRelease.isAfter(deleted))) {
            return doc.currentRelease; // withdrawn since: its records are left out
        }
        for (OsvRecord r : CsafRecords.of(doc, name, sink::warning)) {
            sink.record(r);
        }
        return doc.currentRelease;
    }

    private static String unquote(String cell) {
        String c = cell.strip();
        return c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1) : c;
    }

    /** An archive entry's stream: closing it leaves the archive open. */
    private static final class Unclosed extends FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stays open for its next entry
        }
    }

    /** At most {@link #MAX_DOCUMENT_BYTES} of one document. */
    private static final class Capped extends FilterInputStream {
        private final String name;
        private long read;

        Capped(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_DOCUMENT_BYTES) {
                throw new FeedFormatException(name + ": a CSAF document is at most " + MAX_DOCUMENT_BYTES
                        + " bytes");
            }
        }
    }
}
