package dev.imagescan.vulndb.ubuntu;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.FeedInput;
import dev.imagescan.vulndb.fetch.FeedLocations;
import dev.imagescan.vulndb.fetch.FetchLimits;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The Ubuntu CVE tracker ({@code git.launchpad.net/ubuntu-cve-tracker}) as an {@link AdvisorySource}: every file of
 * its {@code active/} and {@code retired/} directories named after a CVE, each parsed as it is read
 * ({@link TrackerFileParser}) and handed over as one record, so that the tracker's ~40,000 files are never held
 * together. It covers every release from 12.04 on, the ones Canonical's OSV has dropped included, and their ESM
 * pockets. A location is
 * <ul>
 *   <li>a local directory: a checkout of the tracker (its {@code active/} and {@code retired/} are read, each in
 *       file name order); version {@code sha256:} of the files read, their paths and bytes;</li>
 *   <li>a tarball of one, a file or an http(s) URL ({@code .tar}, gzip or bzip2 compressed; the files at
 *       {@code active/CVE-…} or one directory down, as {@code git archive --prefix=…/} writes them), read entry by
 *       entry, every other entry skipped as the tar stream passes it (never buffered); fetched conditionally (ETag,
 *       If-Modified-Since) when the source keeps a cache, and probed with {@code HEAD}.</li>
 * </ul>
 * Canonical publishes no tarball of the tracker, but Launchpad's git web front-end (cgit) makes one of any branch on
 * request: the default location is {@link #OFFICIAL_URL}, master's snapshot (top directory
 * {@code ubuntu-cve-tracker-master/}), whose ETag is master's commit. cgit makes the archive anew for every
 * {@code GET} and answers none with {@code 304}, so {@link #probe()} asks with {@code HEAD}, which cgit answers with
 * the headers alone. Bounded: a downloaded tarball at most {@value #MAX_TARBALL_BYTES} bytes and
 * {@value #MAX_TARBALL_READ_BYTES} bytes uncompressed (or the fetch limits, if tighter), each file at most
 * {@value #MAX_FILE_BYTES} bytes, at most {@value #MAX_FILES} files; a location holding no tracker file is a
 * {@link FeedFormatException}. At most {@value #MAX_WARNINGS} warnings are passed on per read, then how many more
 * there were.
 */
public final class UbuntuTrackerSource extends FeedSource {
    /** master's snapshot, as cgit serves it: {@code <repository>/snapshot/<repository>-<branch>.tar.gz}. */
    public static final String OFFICIAL_URL =
            "https://git.launchpad.net/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz";
    /**
     * The most of a tarball downloaded: the tracker's whole tree as gzip, 13.4 MB for 33,000 files in 2020, grows
     * with the kernel's CVEs (each file lists every kernel flavour); 512 MiB leaves it room several times over.
     */
    static final long MAX_TARBALL_BYTES = 512L << 20;
    /** The most of a tarball read uncompressed (a gzip bomb stops here). */
    static final long MAX_TARBALL_READ_BYTES = 4L << 30;
    static final int MAX_FILE_BYTES = 4 << 20;
    static final int MAX_FILES = 500_000;
    static final int MAX_WARNINGS = 20;
    private static final List<String> DIRECTORIES = List.of("active", "retired");
    private static final Pattern CVE_FILE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern TAR_ENTRY = Pattern.compile(
            "(?:\\./)?(?:[^/]+/)?(?:active|retired)/(CVE-\\d{4}-\\d{4,})");

    public UbuntuTrackerSource(FeedLocations feeds) {
        super("ubuntu-tracker", feeds);
    }

    /**
     * A tarball URL is asked with {@code HEAD} for its validator (what a read would give as its version), and
     * conditionally when it gives none or refuses {@code HEAD}; a tarball file is hashed; a directory has to be read
     * to know its version.
     */
    @Override
    public Optional<String> probe() throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            if (!location.contains("://") && Files.isDirectory(Path.of(location))) {
                return Optional.empty();
            }
            String validator = null;
            if (isUrl(location)) {
                try {
                    validator = fetcher().head(url(location)).validator();
                } catch (IOException e) {
                    validator = null; // a server that refuses HEAD: asked conditionally below
                }
            }
            versions.add(validator != null ? validator : FeedInput.probeVersion(location, fetcher()));
        }
        return Optional.of(FeedLocations.combined(versions));
    }

    /** The feed's fetcher within this source's bounds of a tarball. */
    private FeedFetcher fetcher() {
        FetchLimits limits = feeds.fetcher().limits();
        return feeds.fetcher().withLimits(limits.withMaxDownloadBytes(Math.min(limits.maxDownloadBytes(),
                MAX_TARBALL_BYTES)).withMaxReadBytes(Math.min(limits.maxReadBytes(), MAX_TARBALL_READ_BYTES)));
    }

    private static boolean isUrl(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static URI url(String location) throws IOException {
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            throw new IOException(location.split("[?#]", 2)[0] + ": not a valid URL (" + e.getReason() + ")", e);
        }
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        Warnings warnings = new Warnings(sink);
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            Path local = location.contains("://") ? null : Path.of(location);
            if (local != null && Files.isDirectory(local)) {
                versions.add(directory(local, sink, warnings));
            } else {
                try (FeedInput in = FeedInput.open(location, fetcher())) {
                    tarball(in, sink, warnings);
                    versions.add(in.version());
                }
            }
        }
        warnings.finish();
        return FeedLocations.combined(versions);
    }

    /** A checkout: its {@code active/} and {@code retired/} files, in name order. */
    private String directory(Path root, RecordSink sink, Warnings warnings) throws IOException {
        MessageDigest digest = sha256();
        int files = 0;
        for (String sub : DIRECTORIES) {
            Path dir = root.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> cves;
            try (Stream<Path> list = Files.list(dir)) {
                cves = list.filter(p -> CVE_FILE.matcher(p.getFileName().toString()).matches()
                        && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path p : cves) {
                if (++files > MAX_FILES) {
                    throw new FeedFormatException(root.getFileName() + ": more than " + MAX_FILES + " tracker files");
                }
                String relative = sub + "/" + p.getFileName();
                String name = root.getFileName() + "/" + relative;
                byte[] bytes;
                try (InputStream in = Files.newInputStream(p)) {
                    bytes = capped(in, name);
                }
                digest.update((relative + "\n").getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
                digest.update((byte) '\n');
                emit(bytes, name, p.getFileName().toString(), sink, warnings);
            }
        }
        if (files == 0) {
            throw new FeedFormatException(root.getFileName() + ": not a checkout of the Ubuntu CVE tracker (no"
                    + " active/CVE-… or retired/CVE-… file)");
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** A tarball of a checkout, entry by entry. */
    private void tarball(FeedInput in, RecordSink sink, Warnings warnings) throws IOException {
        BufferedInputStream body = new BufferedInputStream(in.stream(), 1 << 16);
        body.mark(3);
        byte[] magic = body.readNBytes(3);
        body.reset();
        InputStream tarBytes = magic.length == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h'
                ? new BZip2CompressorInputStream(body) : body;
        int files = 0;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes)) {
            TarArchiveEntry e;
            while ((e = next(tar, in.name())) != null) {
                if (++entries > 4 * MAX_FILES) {
                    throw new FeedFormatException(in.name() + ": more than " + 4 * MAX_FILES + " entries");
                }
                Matcher m = TAR_ENTRY.matcher(e.getName());
                if (!e.isFile() || !m.matches()) {
                    continue;
                }
                if (++files > MAX_FILES) {
                    throw new FeedFormatException(in.name() + ": more than " + MAX_FILES + " tracker files");
                }
                String name = in.name() + "!" + e.getName();
                emit(capped(tar, name), name, m.group(1), sink, warnings);
            }
        }
        if (files == 0) {
            throw new FeedFormatException(in.name() + ": not a tarball of the Ubuntu CVE tracker (no active/CVE-… or"
                    + " retired/CVE-… file)");
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String name) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new FeedFormatException(name + ": not a readable tarball: " + e.getMessage(), e);
        }
    }

    private static void emit(byte[] bytes, String name, String cve, RecordSink sink, Warnings warnings)
            throws IOException {
        Optional<OsvRecord> record = TrackerFileParser.parse(bytes, name, cve, warnings::add);
        if (record.isPresent()) {
            sink.record(record.get());
        }
    }

    /** One file's bytes, at most {@link #MAX_FILE_BYTES} (the stream is not closed). */
    private static byte[] capped(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new FeedFormatException(name + ": a tracker file is at most " + MAX_FILE_BYTES + " bytes");
        }
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Passes the first warnings of a read on, and then how many more there were. */
    private static final class Warnings {
        private final RecordSink sink;
        private long count;
        private String lastSource;

        Warnings(RecordSink sink) {
            this.sink = sink;
        }

        void add(OsvWarning w) {
            count++;
            lastSource = w.source();
            if (count <= MAX_WARNINGS) {
                sink.warning(w);
            }
        }

        void finish() {
            if (count > MAX_WARNINGS) {
                sink.warning(new OsvWarning(OsvWarning.Kind.SKIPPED_ENTRY, lastSource, null, (count - MAX_WARNINGS)
                        + " more warnings of this read of the Ubuntu CVE tracker not shown"));
            }
        }
    }
}
