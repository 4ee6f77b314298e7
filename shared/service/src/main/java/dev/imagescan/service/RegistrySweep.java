package dev.imagescan.service;

import dev.imagescan.image.Digest;
import dev.imagescan.registry.CredentialsRequiredException;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryException;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.FailedJob;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.RegistryCatalog;
import dev.imagescan.store.RegistryCatalog.ListedImage;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The schedule's sweep of the configured registries and repositories: every image they hold that was not scanned with
 * the current database and analyzer key is enqueued, exactly once. A target is a registry ({@code host[:port]}: every
 * repository, for a registry the {@link RegistryCatalog} lists, i.e. ECR) or a repository
 * ({@code host[:port]/name}). Images come from the catalog (ECR's {@code DescribeImages}) or, elsewhere, from the
 * tags list API and a manifest HEAD per tag ({@link RegistryClient#tags}, {@link RegistryClient#manifestDigest}),
 * with the registry's login or the configured credentials ({@link RegistryAccess#route}: the registry secret).
 *
 * <p>Exactly once: an image whose record already has the current database and analyzer key is skipped, and the scan
 * of any other is created under an id made of (digest, database version, analyzer key), so a second sweep (before or
 * after the scan ran) finds that scan and enqueues nothing. Targets not in the allow-list are skipped, with the
 * reason in the result, and so is a target whose registry fails; the other targets go on.
 *
 * <p>A sweep scan that FAILED is tried again by later sweeps with a backoff (1 h, 6 h, 24 h), each retry a scan of
 * its own; an image gone from the registry or with a refused manifest is not ({@link SweepRetries}).
 */
public final class RegistrySweep {
    /** The most repositories read from one registry, and images from one repository, per sweep. */
    public static final int MAX_PER_LISTING = 10_000;
    private static final System.Logger LOG = System.getLogger(RegistrySweep.class.getName());

    private final List<String> targets;
    private final RegistryAccess access;
    private final RegistryCatalog catalog;
    private final ScanTable table;
    private final JobQueue queue;
    private final Supplier<String> dbVersion;
    private final String analyzerKey;
    private final SweepRetries retries;

    /**
     * @param targets     registries and repositories to sweep ({@code IMAGESCAN_SWEEP})
     * @param dbVersion   the current database's version, asked once per sweep
     * @param analyzerKey the scan function's analyzer key
     */
    public RegistrySweep(List<String> targets, RegistryAccess access, RegistryCatalog catalog, ScanTable table,
            JobQueue queue, Supplier<String> dbVersion, String analyzerKey) {
        this(targets, access, catalog, table, queue, dbVersion, analyzerKey, Clock.systemUTC());
    }

    /** As above, with the clock that decides when a failed image is due for a retry. */
    public RegistrySweep(List<String> targets, RegistryAccess access, RegistryCatalog catalog, ScanTable table,
            JobQueue queue, Supplier<String> dbVersion, String analyzerKey, Clock clock) {
        this.retries = new SweepRetries(table.scans(), clock);
        this.targets = List.copyOf(targets);
        this.access = access;
        this.catalog = catalog;
        this.table = table;
        this.queue = queue;
        this.dbVersion = dbVersion;
        this.analyzerKey = analyzerKey;
    }

    /**
     * What one sweep did.
     *
     * @param images   images listed
     * @param queued   jobs the queue took (retries included)
     * @param known    images already scanned, or already enqueued, with this database and analyzer key
     * @param failed   jobs the queue refused (their scans FAILED)
     * @param problems targets skipped, one line each
     * @param retried  retries of failed scans made (their jobs are among those queued, or failed)
     * @param waiting  images whose last scan failed and whose retry is not due yet
     * @param givenUp  images whose last scan failed for good, or after every retry
     */
    public record Result(int images, int queued, int known, int failed, List<String> problems, int retried,
            int waiting, int givenUp) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /**
     * A sweep for the scan function's analyzers (the defaults: {@link ScanOptions#defaults()}), so its analyzer key is
     * the one the scans record.
     */
    public static RegistrySweep ofDefaultAnalyzers(List<String> targets, RegistryAccess access,
            RegistryCatalog catalog, ScanTable table, JobQueue queue, Supplier<String> dbVersion) {
        return new RegistrySweep(targets, access, catalog, table, queue, dbVersion,
                new ImageScanner(ScanOptions.defaults()).analyzerKey());
    }

    /** The scan id of a swept image: the same for the same (digest, database version, analyzer key). */
    public static String scanId(String digest, String dbVersion, String analyzerKey) {
        return "sweep-" + Digest.sha256Of(digest + "\n" + dbVersion + "\n" + analyzerKey).hex().substring(0, 32);
    }

    /** Sweeps every target while {@code timeUp} is false. */
    public Result sweep(BooleanSupplier timeUp) {
        String db = dbVersion.get();
        Counts counts = new Counts();
        for (String target : targets) {
            if (timeUp.getAsBoolean()) {
                counts.problems.add(target + ": not swept, the run's time was up");
                continue;
            }
            try {
                sweepTarget(target, db, counts, timeUp);
            } catch (RegistryException | IllegalArgumentException e) {
                counts.problems.add(target + ": " + ScanService.oneLine(e));
            } catch (UncheckedIOException | StoreException e) {
                counts.problems.add(target + ": " + ScanService.oneLine(e) + " (tried again on the next sweep)");
            }
        }
        counts.problems.forEach(p -> LOG.log(System.Logger.Level.WARNING, "sweep: " + p));
        return new Result(counts.images, counts.queued, counts.known, counts.failed, counts.problems, counts.retried,
                counts.waiting, counts.givenUp);
    }

    private void sweepTarget(String target, String db, Counts counts, BooleanSupplier timeUp) {
        int slash = target.indexOf('/');
        String registry = slash < 0 ? target : target.substring(0, slash);
        access.allowList().requireAllowed(registry);
        List<String> repositories;
        if (slash >= 0) {
            repositories = List.of(target.substring(slash + 1));
        } else if (catalog.lists(registry)) {
            repositories = catalog.repositories(registry, MAX_PER_LISTING);
        } else {
            throw new IllegalArgumentException("only ECR registries are swept whole; name the repositories of "
                    + registry + " (" + registry + "/NAME)");
        }
        for (String repository : repositories) {
            if (timeUp.getAsBoolean()) {
                counts.problems.add(registry + "/" + repository + ": not swept, the run's time was up");
                return;
            }
            List<ListedImage> images = catalog.lists(registry) ? catalog.images(registry, repository, MAX_PER_LISTING)
                    : tagged(registry, repository);
            enqueue(registry, repository, images, db, counts);
        }
    }

    /** The images of a repository through the tags list API: one manifest HEAD per tag, tags of one digest merged. */
    private List<ListedImage> tagged(String registry, String repository) {
        ImageReference named = ImageReference.parse(registry + "/" + repository);
        RegistryAccess.Route route = access.route(registry);
        String endpoint = route.endpoint();
        ImageReference at = new ImageReference(endpoint, named.repository(), null, null);
        List<ListedImage> images = new ArrayList<>();
        try (RegistryClient client = access.client(route.credentials())) {
            for (String tag : client.tags(at, MAX_PER_LISTING)) {
                String digest = client.manifestDigest(new ImageReference(endpoint, named.repository(), tag, null))
                        .toString();
                int i = indexOf(images, digest);
                if (i < 0) {
                    images.add(new ListedImage(digest, List.of(tag)));
                } else {
                    List<String> tags = new ArrayList<>(images.get(i).tags());
                    tags.add(tag);
                    images.set(i, new ListedImage(digest, tags));
                }
            }
        } catch (CredentialsRequiredException e) {
            throw RegistryAccess.withSecretHint(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images;
    }

    private static int indexOf(List<ListedImage> images, String digest) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).digest().equals(digest)) {
                return i;
            }
        }
        return -1;
    }

    private void enqueue(String registry, String repository, List<ListedImage> images, String db, Counts counts) {
        List<ScanJob> jobs = new ArrayList<>();
        try {
            for (ListedImage image : images) {
                counts.images++;
                Optional<ImageRecord> record = table.images().get(image.digest());
                if (record.isPresent() && db.equals(record.get().dbVersion())
                        && analyzerKey.equals(record.get().analyzerKey())) {
                    counts.known++;
                    continue;
                }
                String tag = image.tags().isEmpty() ? "" : ":" + image.tags().get(0);
                String reference = registry + "/" + repository + tag + "@" + image.digest();
                String scanId = scanId(image.digest(), db, analyzerKey);
                try {
                    table.scans().create(scanId, ScanTrigger.PERIODIC, null, null, reference);
                } catch (ConditionFailedException e) {
                    // enqueued by an earlier sweep (its scan may have run, or not yet, or failed)
                    scanId = retry(scanId, reference, counts);
                    if (scanId == null) {
                        continue;
                    }
                }
                jobs.add(new ScanJob(scanId, null, null, ScanTrigger.PERIODIC, 1, reference));
            }
            List<FailedJob> refused = jobs.isEmpty() ? List.of() : queue.sendAll(jobs);
            for (FailedJob f : refused) {
                table.scans().fail(f.job().scanId(), "the queue refused the job: " + f.code() + " " + f.message());
            }
            counts.failed += refused.size();
            counts.queued += jobs.size() - refused.size();
        } catch (StoreException e) {
            for (ScanJob job : jobs) { // no QUEUED scan may stay behind with no job to run it
                try {
                    table.scans().fail(job.scanId(), "the sweep's job could not be queued: " + e.getMessage());
                } catch (StoreException again) {
                    LOG.log(System.Logger.Level.ERROR, "scan " + job.scanId() + " stays QUEUED with no job: " + again);
                }
            }
            throw e;
        }
    }

    /**
     * The scan id of a retry of the sweep scan {@code scanId}, made now, when its chain failed and the retry is due;
     * null (the image counted) otherwise.
     */
    private String retry(String scanId, String reference, Counts counts) {
        SweepRetries.Decision decision = retries.next(scanId);
        switch (decision.kind()) {
            case KNOWN -> counts.known++;
            case WAITING -> counts.waiting++;
            case GIVEN_UP -> counts.givenUp++;
            case RETRY -> {
                try {
                    table.scans().create(decision.scanId(), ScanTrigger.PERIODIC, null, null, reference);
                } catch (ConditionFailedException e) {
                    counts.known++; // another sweep made this retry at the same moment
                    return null;
                }
                LOG.log(System.Logger.Level.INFO, "sweep: " + reference + ": " + decision.reason());
                counts.retried++;
                return decision.scanId();
            }
            default -> throw new IllegalStateException(decision.kind().toString());
        }
        if (decision.kind() != SweepRetries.Kind.KNOWN) {
            LOG.log(System.Logger.Level.DEBUG, "sweep: " + reference + ": " + decision.reason());
        }
        return null;
    }

    private static final class Counts {
        int images;
        int queued;
        int known;
        int failed;
        int retried;
        int waiting;
        int givenUp;
        final List<String> problems = new ArrayList<>();
    }
}
