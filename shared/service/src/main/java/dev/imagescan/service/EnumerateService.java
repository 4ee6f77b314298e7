package dev.imagescan.service;

import dev.imagescan.store.FailedJob;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.Page;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the enumerate function does on its schedule: pages through every stored image ({@code Images.list}), makes a
 * QUEUED PERIODIC scan for each and sends the jobs with {@link JobQueue#sendAll} (batches of 10), one page at a time.
 * A job the queue refuses fails its scan with the queue's reason; when the send itself fails (the queue, or the
 * table while the page's scans are made), the page's scans are failed before the failure is passed on, so that no
 * QUEUED scan stays behind that no job will run. It stops early when {@code timeUp} says so (the
 * function's remaining time), and says where to go on ({@link Result#nextPageToken()}): the next run starts over, and
 * the claims make the images enqueued twice cost nothing.
 */
public final class EnumerateService {
    private static final System.Logger LOG = System.getLogger(EnumerateService.class.getName());
    /** Images read per page (and so jobs per {@code sendAll}). */
    public static final int PAGE_SIZE = 100;

    private final ScanTable table;
    private final JobQueue queue;

    public EnumerateService(ScanTable table, JobQueue queue) {
        this.table = table;
        this.queue = queue;
    }

    /**
     * What one run did.
     *
     * @param images        images listed
     * @param queued        jobs the queue took
     * @param failed        jobs the queue refused (their scans are FAILED)
     * @param nextPageToken where the listing stopped when time ran out, null when every image was listed
     */
    public record Result(int images, int queued, int failed, String nextPageToken) {
        /** Whether every image was listed. */
        public boolean complete() {
            return nextPageToken == null;
        }
    }

    /** Enqueues a re-scan of every image, from {@code pageToken} (null: the start), while {@code timeUp} is false. */
    public Result enqueueAll(String pageToken, BooleanSupplier timeUp) {
        int images = 0;
        int queued = 0;
        int failed = 0;
        String token = pageToken;
        do {
            Page<ImageRecord> page = table.images().list(PAGE_SIZE, token);
            List<ScanJob> jobs = new ArrayList<>(page.items().size());
            List<FailedJob> refused;
            try {
                for (ImageRecord image : page.items()) {
                    String scanId = "periodic-" + UUID.randomUUID();
                    table.scans().create(scanId, ScanTrigger.PERIODIC, image.digest(), null);
                    jobs.add(new ScanJob(scanId, image.digest(), null, ScanTrigger.PERIODIC, 1));
                }
                refused = jobs.isEmpty() ? List.of() : queue.sendAll(jobs);
            } catch (StoreException e) {
                failUnsent(jobs, e); // no QUEUED scan may stay behind with no job to run it
                throw e;
            }
            images += jobs.size();
            for (FailedJob f : refused) {
                table.scans().fail(f.job().scanId(), "the queue refused the job: " + f.code() + " " + f.message());
            }
            failed += refused.size();
            queued += jobs.size() - refused.size();
            token = page.nextToken();
        } while (token != null && !timeUp.getAsBoolean());
        return new Result(images, queued, failed, token);
    }

    /**
     * The page's scans made so far, whose jobs were not sent (the queue or the table failed): FAILED with the reason,
     * as far as the table lets (a scan it does not take stays QUEUED, as the one line logged says).
     */
    private void failUnsent(List<ScanJob> jobs, StoreException cause) {
        for (ScanJob job : jobs) {
            try {
                table.scans().fail(job.scanId(), "the periodic job could not be queued: " + cause.getMessage());
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.ERROR, "scan " + job.scanId() + " stays QUEUED with no job: " + e);
            }
        }
    }
}
