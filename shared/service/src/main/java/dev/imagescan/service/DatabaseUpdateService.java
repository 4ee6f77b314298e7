package dev.imagescan.service;

import dev.imagescan.common.BadInputException;
import dev.imagescan.service.UpdateOutcome.Problem;
import dev.imagescan.service.UpdateOutcome.Status;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.NewestRecords;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.SignalsByCve;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseWriter;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FetchLimits;
import dev.imagescan.vulndb.osv.OsvLimits;
import dev.imagescan.vulndb.osv.OsvSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds the vulnerability database from the configured OSV feeds and makes it current, never replacing a good
 * database with a worse one. One {@link #update()}:
 *
 * <ol>
 * <li>reads {@code vulndb/current} (the key of the current artifact) and, when it names one, loads it for its
 * version and advisory count;</li>
 * <li>downloads and parses each feed on its own (an OSV location, or a named source such as {@code nvd}, {@code epss},
 * {@code kev}: {@link AdvisorySources}; bounded by {@link OsvLimits}: size caps,
 * timeouts), so that every feed that fails is reported, not only the first: a status other than 200, a connection or
 * timeout failure, a download over the cap, a zip that does not open, a body that is not OSV JSON, a feed with no
 * record — incrementally: a source that says it has not changed since its last good read ({@link SourceOutputs}) is
 * not downloaded or parsed, that read is used; a source that fails or shrank by more than {@code maxDrop} against it
 * is refused and, with {@code keepPrevious} (the default), replaced by it, the refusal recorded as the source's last
 * error in the database ({@code DatabaseInfo.sourceStatus});</li>
 * <li>writes the database of all feeds (per id, the record with the newest {@code modified} across feeds; withdrawn
 * ones out) to a scratch file, recording as its build time the newest {@code modified} among the records, so the
 * same feeds always give the same bytes and the same version;</li>
 * <li>verifies the file: it loads ({@link VulnDatabases#load(Path)}: length, SHA-256, sections), its digest is the one
 * written, it holds advisories, every feed contributed (one record of each feed is looked up in the loaded
 * database), and neither its advisory count nor the affected-package entries of any ecosystem family it shares with
 * the current database ({@code Debian} for {@code Debian:12}, {@code Debian:13}, …) fell by more than {@code maxDrop}
 * (a feed truncated upstream must not replace a good database, even when the other feeds outweigh it), nor the
 * records of any feed below what that same feed gave the current database (its {@value #FEEDS_NAME}, written beside
 * each artifact: one line {@code <records>\t<feed name>} per feed);</li>
 * <li>when its version is the current one: {@link Status#UNCHANGED}, nothing written;</li>
 * <li>else uploads it to {@code vulndb/<dbVersion>/vulndb.bin} (unless an object of that size is already there),
 * checks it by HEAD (size, and content as far as the store can tell from its metadata), and only then writes
 * {@code vulndb/current} (the key as UTF-8 text, as {@code vulndb.CurrentDatabase} reads it).</li>
 * </ol>
 *
 * Downloads are sized to where they run ({@link #update(Duration)}): each is capped at half the scratch directory's
 * free space (the other half holds the artifact being built) and must end {@link #BUILD_RESERVE} before the
 * invocation does, leaving time to build, verify and upload.
 *
 * <p>Anything that goes wrong before the pointer is written leaves {@code vulndb/current} untouched and ends
 * {@link Status#FAILED} with the reasons; an artifact uploaded before a failed check stays under its
 * content-addressed key, unreferenced and harmless. Not thread-safe per call; run one update at a time (a schedule).
 */
public final class DatabaseUpdateService {
    /** The artifact's file name under {@code vulndb/<dbVersion>/}. */
    public static final String ARTIFACT_NAME = "vulndb.bin";
    /** The pointer's content type. */
    static final PutOptions POINTER = new PutOptions("text/plain; charset=utf-8", Map.of());
    private static final int MAX_POINTER_BYTES = 1024;
    /** The per-feed record counts beside each artifact, under {@code vulndb/<dbVersion>/}. */
    public static final String FEEDS_NAME = "feeds.tsv";
    /** Kept free at the end of an invocation, after the downloads, to build, verify and upload the database. */
    public static final Duration BUILD_RESERVE = Duration.ofSeconds(180);
    private static final int MAX_FEEDS_BYTES = 64 * 1024;

    private final ObjectStore store;
    private final List<String> feeds;
    private final double maxDrop;
    private final OsvLimits limits;
    private final Path scratch;
    private final Clock clock;
    private final boolean keepPrevious;
    private final SourceOutputs outputs;

    /**
     * @param store   the bucket
     * @param feeds   the feeds' locations (http(s) URLs of OSV zips or JSON documents; local paths also work), at
     *                least one, none repeated
     * @param maxDrop the largest fraction (0 to 1) by which the advisory count may fall below the current database's;
     *                0.5 refuses a database with fewer than half the current advisories
     * @param limits  the bounds of downloads and archives; the artifact is bounded by
     *                {@link VulnDatabases#MAX_ARTIFACT_BYTES}
     * @param scratch the directory for the artifact being built (and, through the system's temporary directory, the
     *                downloads); in Lambda, under {@code /tmp}
     */
    public DatabaseUpdateService(ObjectStore store, List<String> feeds, double maxDrop, OsvLimits limits,
            Path scratch) {
        this(store, feeds, maxDrop, limits, scratch, Clock.systemUTC(), true);
    }

    /**
     * @param clock        when a source's data is fetched
     * @param keepPrevious whether a source that fails or shrinks by more than {@code maxDrop} against its previous
     *                     good read is replaced by that read (true: the others are updated, the failure recorded in
     *                     the database's source status) or fails the whole update (false)
     */
    public DatabaseUpdateService(ObjectStore store, List<String> feeds, double maxDrop, OsvLimits limits,
            Path scratch, Clock clock, boolean keepPrevious) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepPrevious = keepPrevious;
        this.outputs = new SourceOutputs(Objects.requireNonNull(store, "store"));
        this.store = Objects.requireNonNull(store, "store");
        this.feeds = List.copyOf(feeds);
        if (this.feeds.isEmpty()) {
            throw new IllegalArgumentException("no feed configured");
        }
        if (this.feeds.stream().distinct().count() != this.feeds.size()) {
            throw new IllegalArgumentException("a feed is configured twice: " + this.feeds);
        }
        if (!(maxDrop >= 0 && maxDrop <= 1)) {
            throw new IllegalArgumentException("the largest drop must be a fraction from 0 to 1, not " + maxDrop);
        }
        this.maxDrop = maxDrop;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    /** The key of a database version's artifact: {@code vulndb/<dbVersion>/vulndb.bin}. */
    public static String artifactKey(String dbVersion) {
        return StoreKeys.vulndbPrefix(dbVersion) + ARTIFACT_NAME;
    }

    /** The key of a database version's per-feed record counts: {@code vulndb/<dbVersion>/feeds.tsv}. */
    public static String feedsKey(String dbVersion) {
        return StoreKeys.vulndbPrefix(dbVersion) + FEEDS_NAME;
    }

    /** Runs one update with no time limit but the limits' own; see {@link #update(Duration)}. */
    public UpdateOutcome update() {
        return update(null);
    }

    /**
     * Runs one update; see the class description. Never throws for a feed's or the store's failure: see the outcome.
     *
     * @param timeLeft how long the invocation has left (Lambda's {@code getRemainingTimeInMillis()}), null: no limit
     */
    public UpdateOutcome update(Duration timeLeft) {
        long end = timeLeft == null ? Long.MAX_VALUE : System.nanoTime() + timeLeft.minus(BUILD_RESERVE).toNanos();
        List<String> notes = new ArrayList<>();
        Current current = current(notes);
        long downloadCap = downloadCap(notes);

        List<Problem> problems = new ArrayList<>();
        Map<String, Long> recordsPerFeed = new LinkedHashMap<>();
        List<Feed> read = new ArrayList<>();
        for (String location : feeds) {
            OsvLimits feedLimits = limits.withMaxDownloadBytes(Math.min(limits.maxDownloadBytes(), downloadCap));
            if (end != Long.MAX_VALUE) {
                long left = end - System.nanoTime();
                if (left < Duration.ofSeconds(1).toNanos()) {
                    problems.add(new Problem(location, "not downloaded: the invocation has no time left for it"
                            + " (" + BUILD_RESERVE.toSeconds() + " s are kept to build and upload)"));
                    continue;
                }
                Duration download = Duration.ofNanos(left);
                if (download.compareTo(limits.downloadTimeout()) < 0) {
                    feedLimits = feedLimits.withTimeouts(limits.connectTimeout(), download);
                }
            }
            Feed feed = readFeed(location, problems, feedLimits, notes);
            if (feed != null) {
                recordsPerFeed.put(feed.name(), feed.recordsRead());
                read.add(feed);
            }
        }
        if (!problems.isEmpty()) {
            return failed(null, null, current, -1, recordsPerFeed, problems, notes);
        }

        Path file = null;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "vulndb-", ".bin");
            return buildVerifyPublish(read, file, current, recordsPerFeed, notes);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(null, "building or publishing the database failed: " + message(e)));
            return failed(null, null, current, -1, recordsPerFeed, problems, notes);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    notes.add("could not delete the scratch file " + file + ": " + message(e));
                }
            }
        }
    }

    private UpdateOutcome buildVerifyPublish(List<Feed> read, Path file, Current current,
            Map<String, Long> recordsPerFeed, List<String> notes) throws IOException {
        List<OsvRecord> records = merge(read);
        SignalsByCve signals = new SignalsByCve();
        read.forEach(feed -> signals.addAll(feed.signals()));
        Instant builtAt = records.stream().map(r -> r.advisory().modified()).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        List<String> names = read.stream().map(Feed::name).toList();
        Map<String, SourceStatus> status = new LinkedHashMap<>();
        read.forEach(feed -> status.putIfAbsent(feed.name(), feed.status()));
        MessageDigest md5 = md5();
        DatabaseInfo written;
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), md5)) {
            written = DatabaseWriter.write(records, signals.named(records), names, recordsPerFeed, status, builtAt,
                    out);
        }
        byte[] contentMd5 = md5.digest();
        long size = Files.size(file);

        List<Problem> problems = new ArrayList<>();
        VulnDatabase db;
        try {
            db = VulnDatabases.load(file);
        } catch (IOException | BadInputException e) {
            problems.add(new Problem(null, "the built database does not load: " + message(e)));
            return failed(null, null, current, -1, recordsPerFeed, problems, notes);
        }
        DatabaseInfo info = db.info();
        String version = info.digest();
        String key = artifactKey(version);
        if (!version.equals(written.digest())) {
            problems.add(new Problem(null, "the built database loads with digest " + version + ", not the "
                    + written.digest() + " written"));
        }
        if (info.advisories() <= 0) {
            problems.add(new Problem(null, "the built database holds no advisory"));
        }
        for (Feed feed : read) {
            if (!contributed(db, feed, records)) {
                problems.add(new Problem(feed.name(), "none of its " + feed.recordsRead()
                        + " records is in the built database"));
            }
        }
        if (current.advisories() > 0 && info.advisories() < current.advisories() * (1 - maxDrop)) {
            problems.add(new Problem(null, "the built database has " + info.advisories() + " advisories, "
                    + percent(1 - (double) info.advisories() / current.advisories()) + " fewer than the "
                    + current.advisories() + " of the current one (" + current.key() + "); at most "
                    + percent(maxDrop) + " fewer is accepted: is a feed truncated?"));
        }
        Set<String> shrunk = new TreeSet<>(); // the families of feeds that shrank, already reported per feed
        for (Feed feed : read) {
            Long was = current.recordsPerFeed().get(feed.name());
            long now = feed.count();
            if (was != null && was > 0 && now < was * (1 - maxDrop)) {
                shrunk.addAll(feed.families());
                problems.add(new Problem(feed.name(), "holds " + now + " records, " + percent(1 - (double) now / was)
                        + " fewer than the " + was + " it gave the current database; at most " + percent(maxDrop)
                        + " fewer is accepted: is the feed truncated?"));
            }
        }
        Map<String, Long> families = families(info.ecosystems());
        for (Map.Entry<String, Long> was : current.families().entrySet()) {
            Long now = families.get(was.getKey());
            if (now != null && now < was.getValue() * (1 - maxDrop) && !shrunk.contains(was.getKey())) {
                String feed = read.stream().filter(f -> f.families().contains(was.getKey())).map(Feed::name)
                        .findFirst().orElse(null);
                problems.add(new Problem(feed, was.getKey() + " has " + now + " affected-package entries, "
                        + percent(1 - (double) now / was.getValue()) + " fewer than the " + was.getValue()
                        + " of the current database; at most " + percent(maxDrop) + " fewer is accepted: is the feed"
                        + " truncated?"));
            }
        }
        if (!problems.isEmpty()) {
            return failed(version, key, current, info.advisories(), recordsPerFeed, problems, notes);
        }
        if (key.equals(current.key())) {
            commit(read, notes);
            return new UpdateOutcome(Status.UNCHANGED, version, key, current.key(), info.advisories(),
                    current.advisories(), recordsPerFeed, List.of(), notes);
        }

        try {
            upload(key, file, size, contentMd5, notes);
            store.put(feedsKey(version), feedCounts(read), POINTER);
            store.put(StoreKeys.VULNDB_CURRENT, key.getBytes(StandardCharsets.UTF_8), POINTER);
        } catch (StoreException | IOException e) {
            problems.add(new Problem(null, "publishing " + key + " failed: " + message(e)));
            return failed(version, key, current, info.advisories(), recordsPerFeed, problems, notes);
        }
        commit(read, notes);
        return new UpdateOutcome(Status.UPDATED, version, key, current.key(), info.advisories(),
                current.advisories(), recordsPerFeed, List.of(), notes);
    }

    /**
     * Keeps each source read afresh as its last good read, now that the database built with it is verified (a read
     * the database checks refused never becomes the one later reads are compared with or fall back to).
     */
    private void commit(List<Feed> read, List<String> notes) {
        for (Feed feed : read) {
            if (feed.pending() == null) {
                continue;
            }
            try {
                outputs.save(feed.pending());
                if (feed.replacedOutput() != null && !feed.replacedOutput().equals(feed.pending().output())) {
                    outputs.delete(feed.replacedOutput(), notes);
                }
            } catch (IOException | RuntimeException e) {
                notes.add(feed.name() + ": its read could not be kept (" + message(e) + "); it is read again next"
                        + " time");
            }
        }
    }

    /**
     * Uploads the artifact unless it is already there whole, then checks the stored object by HEAD: its size, its
     * content as far as the store can tell ({@link ObjectStore#contentMatches}), and that it is the object just put.
     */
    private void upload(String key, Path file, long size, byte[] md5, List<String> notes) throws IOException {
        ObjectInfo before = store.head(key).orElse(null);
        String etag;
        if (before != null && before.size() == size && store.contentMatches(before, md5)) {
            notes.add(key + " was already uploaded; only the pointer moves");
            etag = before.etag();
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                etag = store.put(key, in, size, PutOptions.BINARY);
            }
        }
        ObjectInfo stored = store.head(key)
                .orElseThrow(() -> new IOException(key + " is not there after its upload"));
        if (stored.size() != size) {
            throw new IOException(key + " holds " + stored.size() + " bytes after its upload, not " + size);
        }
        if (!store.contentMatches(stored, md5) || (etag != null && !etag.equals(stored.etag()))) {
            throw new IOException(key + " has etag " + stored.etag() + " after its upload; expected "
                    + HexFormat.of().formatHex(md5));
        }
    }

    /**
     * Whether the first record of the feed with an affected package is found in the loaded database; for a severity
     * or exploitation feed, whether the first CVE it gives that the advisories name is.
     */
    private static boolean contributed(VulnDatabase db, Feed feed, List<OsvRecord> records) {
        if (feed.records().isEmpty()) {
            List<CveSignals> named = feed.signals().named(records);
            return named.isEmpty() || db.signals(named.get(0).cve()).isPresent();
        }
        for (OsvRecord r : feed.records()) {
            for (AffectedPackage p : r.affected()) {
                return db.lookup(p.ecosystem(), p.name()).stream()
                        .anyMatch(a -> a.advisory().id().equals(r.advisory().id()));
            }
        }
        return false;
    }

    /**
     * Affected-package entries per ecosystem family: the ecosystem up to its first {@code :} ({@code Debian:12} and
     * {@code Debian:13} are {@code Debian}), as one OSV feed covers one family.
     */
    private static Map<String, Long> families(Map<String, Integer> ecosystems) {
        Map<String, Long> families = new TreeMap<>();
        ecosystems.forEach((ecosystem, entries) -> families.merge(family(ecosystem), (long) entries, Long::sum));
        return families;
    }

    private static String family(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    }

    /**
     * Per id, the record with the newest {@code modified} across feeds (the first feed's on a tie); each feed's
     * records are already its own newest, withdrawn ones out.
     */
    private static List<OsvRecord> merge(List<Feed> feeds) {
        NewestRecords newest = new NewestRecords();
        feeds.forEach(feed -> feed.records().forEach(newest::add));
        return newest.records();
    }

    /**
     * One feed, or null (and a problem) when it cannot be had. A feed is an OSV location, or a named source
     * ({@code nvd}, {@code epss}, {@code kev}, … each with its official URL, or {@code NAME=URL}; see
     * {@link AdvisorySources}). What the last good read of it gave is kept in the bucket ({@link SourceOutputs}):
     * when the source says it has not changed since ({@link AdvisorySource#probe()}: conditional requests with the
     * kept validators), that is used as it is, nothing downloaded or parsed; otherwise the source is read, and a read
     * that fails, gives nothing, or shrank by more than {@code maxDrop} against the last good one is refused: with
     * {@code keepPrevious} the last good read is used instead and the refusal recorded as the source's last error,
     * else it is a problem that fails the update.
     */
    private Feed readFeed(String location, List<Problem> problems, OsvLimits feedLimits, List<String> notes) {
        SourceOutputs.State previous = outputs.state(location, notes);
        String name = previous != null && previous.name() != null ? previous.name() : location;
        String refusal;
        Path cacheRoot = null;
        try {
            cacheRoot = Files.createTempDirectory(Files.createDirectories(scratch), "feed-cache-");
            Path cacheDir = AdvisorySources.cacheDirectory(location, cacheRoot);
            FeedFetcher validators = cacheDir == null ? null : new FeedFetcher(FetchLimits.DEFAULT, cacheDir);
            if (validators != null && previous != null) {
                validators.restoreValidators(previous.validators());
            }
            AdvisorySource source = AdvisorySources.of(location, options(feedLimits, cacheRoot));
            name = source.name();
            if (previous != null && previous.output() != null && previous.version() != null) {
                Optional<String> now = source.probe();
                if (now.isPresent() && now.get().equals(previous.version())) {
                    VulnDatabases.Contents kept = outputs.output(previous.output());
                    SourceStatus status = new SourceStatus(previous.status().newestModified(),
                            previous.status().fetchedAt(), null);
                    if (previous.status().lastError() != null) {
                        outputs.save(previous.withError(null));
                    }
                    notes.add(name + ": unchanged since its read of " + previous.status().fetchedAt()
                            + "; its records were reused, not downloaded or parsed again");
                    return feed(name, kept, status);
                }
            }
            NewestRecords newest = new NewestRecords();
            SignalsByCve signals = new SignalsByCve();
            String version = source.read(new AdvisorySource.RecordSink() {
                @Override
                public void record(OsvRecord record) {
                    newest.add(record);
                }

                @Override
                public void signals(CveSignals s) {
                    signals.add(s);
                }
            });
            long read = newest.added() + signals.added();
            List<OsvRecord> records = newest.records();
            long count = records.size() + signals.size();
            if (read == 0) {
                refusal = source instanceof OsvSource ? "holds no OSV record" : "holds no record";
            } else if (newest.added() > 0 && records.isEmpty()) {
                refusal = "all its " + newest.added() + " records are withdrawn";
            } else if (keepPrevious && previous != null && previous.records() > 0
                    && count < previous.records() * (1 - maxDrop)) {
                refusal = "holds " + count + " records, " + percent(1 - (double) count / previous.records())
                        + " fewer than the " + previous.records() + " of its previous read; at most "
                        + percent(maxDrop) + " fewer is accepted: is the feed truncated?";
            } else {
                boolean same = previous != null && version.equals(previous.version());
                Instant newestModified = records.stream().map(r -> r.advisory().modified())
                        .max(Instant::compareTo).orElse(null);
                // the same data keeps the time it was first fetched, so the same feeds give the same bytes
                Instant fetchedAt = previous == null ? null : previous.firstFetched(version);
                SourceStatus status = new SourceStatus(newestModified, fetchedAt == null ? clock.instant()
                        : fetchedAt, null);
                List<CveSignals> all = signals.all();
                String output = same && previous.output() != null ? previous.output()
                        : outputs.writeOutput(location, name, version, records, all, status, scratch);
                // kept as the source's last good read only once the database it goes into is verified; when
                // its data was fetched is kept at once, so that a retry of a failed update builds the same bytes
                Map<String, Instant> seen = SourceOutputs.State.seen(previous, version, status.fetchedAt());
                if (fetchedAt == null) {
                    outputs.save(previous == null ? new SourceOutputs.State(location, name, null, null, 0,
                            SourceStatus.UNKNOWN, Map.of(), seen) : previous.withSeen(seen));
                }
                SourceOutputs.State next = new SourceOutputs.State(location, name, version, output, count, status,
                        validators == null ? Map.of() : validators.validators(), seen);
                return new Feed(name, read, records, signals, families(records), status, next,
                        previous == null ? null : previous.output());
            }
        } catch (IOException | RuntimeException e) {
            String why = message(e);
            refusal = why.startsWith(name + ": ") ? why.substring(name.length() + 2) : why;
        } finally {
            deleteTree(cacheRoot, notes);
        }
        if (keepPrevious && previous != null && previous.output() != null) {
            try {
                VulnDatabases.Contents kept = outputs.output(previous.output());
                SourceOutputs.State refused = previous.withError(refusal);
                outputs.save(refused);
                notes.add(name + ": refused (" + refusal + "); its previous records, fetched "
                        + previous.status().fetchedAt() + ", are used");
                return feed(name, kept, refused.status());
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(name, refusal + "; its previous records could not be read back either: "
                        + message(e)));
                return null;
            }
        }
        problems.add(new Problem(name, refusal));
        return null;
    }

    /** A feed of records and signals kept from an earlier read. */
    private static Feed feed(String name, VulnDatabases.Contents kept, SourceStatus status) {
        SignalsByCve signals = new SignalsByCve();
        kept.signals().forEach(signals::add);
        return new Feed(name, kept.records().size() + kept.signals().size(), kept.records(), signals,
                families(kept.records()), status, null, null);
    }

    private static Set<String> families(List<OsvRecord> records) {
        Set<String> families = new TreeSet<>();
        InMemoryVulnDatabase.countEcosystems(records).keySet().forEach(e -> families.add(family(e)));
        return families;
    }

    private static void deleteTree(Path root, List<String> notes) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            notes.add("could not delete the download cache " + root + ": " + message(e));
        }
    }

    /** The pointer and what it names; nothing known when there is no pointer or it cannot be read (noted). */
    private Current current(List<String> notes) {
        String key;
        try (InputStream in = store.get(StoreKeys.VULNDB_CURRENT)) {
            byte[] bytes = in.readNBytes(MAX_POINTER_BYTES + 1);
            key = new String(bytes, StandardCharsets.UTF_8).trim();
            if (bytes.length > MAX_POINTER_BYTES || !key.startsWith(StoreKeys.VULNDB)) {
                notes.add(StoreKeys.VULNDB_CURRENT + " does not hold an artifact key; it will be replaced");
                return Current.NONE;
            }
        } catch (NotFoundException e) {
            return Current.NONE;
        } catch (IOException | RuntimeException e) {
            notes.add("reading " + StoreKeys.VULNDB_CURRENT + " failed (" + message(e)
                    + "); the advisory count could not be compared");
            return Current.NONE;
        }
        Map<String, Long> perFeed = recordsPerFeed(key, notes);
        try (InputStream in = store.get(key)) {
            DatabaseInfo info = VulnDatabases.load(in).info();
            return new Current(key, info.advisories(), families(info.ecosystems()), perFeed);
        } catch (IOException | RuntimeException e) {
            notes.add("the current database " + key + " does not load (" + message(e)
                    + "); the advisory count could not be compared");
            return new Current(key, -1, Map.of(), perFeed);
        }
    }

    /** What each feed gave the database at {@code artifactKey} (its {@value #FEEDS_NAME}); empty when unknown. */
    private Map<String, Long> recordsPerFeed(String artifactKey, List<String> notes) {
        String feedsKey = artifactKey.substring(0, artifactKey.lastIndexOf('/') + 1) + FEEDS_NAME;
        Map<String, Long> counts = new LinkedHashMap<>();
        try (InputStream in = store.get(feedsKey)) {
            byte[] bytes = in.readNBytes(MAX_FEEDS_BYTES + 1);
            if (bytes.length > MAX_FEEDS_BYTES) {
                notes.add(feedsKey + " is over " + MAX_FEEDS_BYTES + " bytes; feeds are not compared one by one");
                return Map.of();
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    counts.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
                }
            }
            return counts;
        } catch (NotFoundException e) {
            notes.add("the current database has no " + FEEDS_NAME + "; feeds are compared by ecosystem only");
            return Map.of();
        } catch (IOException | RuntimeException e) {
            notes.add("reading " + feedsKey + " failed (" + message(e) + "); feeds are compared by ecosystem only");
            return Map.of();
        }
    }

    /** The {@value #FEEDS_NAME} of a database built from {@code read}. */
    private static byte[] feedCounts(List<Feed> read) {
        StringBuilder text = new StringBuilder();
        read.forEach(f -> text.append(f.count()).append('\t').append(f.name()).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Half the scratch directory's free space (the other half holds the artifact being built). */
    private long downloadCap(List<String> notes) {
        try {
            Files.createDirectories(scratch);
            long usable = Files.getFileStore(scratch).getUsableSpace();
            if (usable <= 0) {
                return limits.maxDownloadBytes();
            }
            long cap = Math.max(1, usable / 2);
            if (cap < limits.maxDownloadBytes()) {
                notes.add("downloads capped at " + (cap >> 20) + " MiB, half the free space of " + scratch);
            }
            return cap;
        } catch (IOException e) {
            return limits.maxDownloadBytes();
        }
    }

    private static UpdateOutcome failed(String version, String key, Current current, long advisories,
            Map<String, Long> recordsPerFeed, List<Problem> problems, List<String> notes) {
        return new UpdateOutcome(Status.FAILED, version, key, current.key(), advisories, current.advisories(),
                recordsPerFeed, problems, notes);
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /**
     * One feed's records (newest per id, none withdrawn), its CVE signals (NVD, EPSS, KEV), how many documents or
     * CVE entries it held, its ecosystem families.
     */
    private record Feed(String name, long recordsRead, List<OsvRecord> records, SignalsByCve signals,
            Set<String> families, SourceStatus status, SourceOutputs.State pending, String replacedOutput) {
        /** What the feed gives the database: its records, or the CVEs it has signals for. */
        long count() {
            return records.size() + signals.size();
        }
    }

    /** How named sources fetch within {@code limits}, keeping their downloads and validators under {@code cache}. */
    private static AdvisorySources.Options options(OsvLimits limits, Path cache) {
        return new AdvisorySources.Options(FetchLimits.DEFAULT.withPlainHttp(limits.plainHttp())
                .withTimeouts(limits.connectTimeout(), limits.downloadTimeout())
                .withMaxDownloadBytes(limits.maxDownloadBytes()), limits, cache);
    }

    /**
     * The database {@code vulndb/current} names: key null when none, advisories -1 and no families when unknown.
     *
     * @param families       affected-package entries per ecosystem family
     * @param recordsPerFeed records per feed name, as its {@value #FEEDS_NAME} says; empty when unknown
     */
    private record Current(String key, long advisories, Map<String, Long> families, Map<String, Long> recordsPerFeed) {
        static final Current NONE = new Current(null, -1, Map.of(), Map.of());
    }
}
