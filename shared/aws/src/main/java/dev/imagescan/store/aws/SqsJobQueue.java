package dev.imagescan.store.aws;

import dev.imagescan.store.FailedJob;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link JobQueue} over one SQS queue: jobs as JSON message bodies, sent with SendMessageBatch in batches of at
 * most 10 entries and 256 KiB. Entries the service failed to take (not the sender's fault) are sent again, up to
 * {@link #SEND_ROUNDS} rounds in all; entries refused as the sender's fault are reported at once.
 */
public final class SqsJobQueue implements JobQueue {
    /** Rounds of sending: the first, and retries of the entries that failed on the service's side. */
    public static final int SEND_ROUNDS = 4;
    /** The most bytes one message body, and one batch, may hold. */
    public static final int MAX_BATCH_BYTES = 256 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;

    /** @param sqs a client built once and shared; this queue does not close it */
    public SqsJobQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public List<FailedJob> sendAll(List<ScanJob> jobs) {
        List<FailedJob> failed = new ArrayList<>();
        List<Outgoing> pending = new ArrayList<>(jobs.size());
        for (ScanJob job : jobs) {
            String body = job.toJson();
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_BATCH_BYTES) {
                failed.add(new FailedJob(job, "MessageTooLong", size + " bytes of JSON, more than "
                        + MAX_BATCH_BYTES, true));
            } else {
                pending.add(new Outgoing(job, body, size));
            }
        }
        Map<Outgoing, BatchResultErrorEntry> lastError = new HashMap<>();
        for (int round = 0; round < SEND_ROUNDS && !pending.isEmpty(); round++) {
            if (round > 0) {
                pause(round);
            }
            List<Outgoing> retry = new ArrayList<>();
            for (List<Outgoing> batch : batches(pending)) {
                send(batch, failed, retry, lastError);
            }
            pending = retry;
        }
        for (Outgoing gaveUp : pending) {
            BatchResultErrorEntry error = lastError.get(gaveUp);
            failed.add(new FailedJob(gaveUp.job, error == null ? "Unanswered" : error.code(),
                    error == null ? "the service did not answer for this entry" : error.message(), false));
        }
        return failed;
    }

    private void send(List<Outgoing> batch, List<FailedJob> failed, List<Outgoing> retry,
            Map<Outgoing, BatchResultErrorEntry> lastError) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(batch.get(i).body).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            throw AwsErrors.failure("sending " + batch.size() + " scan jobs to " + queueUrl, e);
        }
        boolean[] answered = new boolean[batch.size()];
        response.successful().forEach(ok -> answered[index(ok.id(), batch.size())] = true);
        for (BatchResultErrorEntry error : response.failed()) {
            int i = index(error.id(), batch.size());
            answered[i] = true;
            Outgoing entry = batch.get(i);
            if (Boolean.TRUE.equals(error.senderFault())) {
                failed.add(new FailedJob(entry.job, error.code(), error.message(), true));
            } else {
                lastError.put(entry, error);
                retry.add(entry);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!answered[i]) {
                retry.add(batch.get(i));
            }
        }
    }

    private static int index(String id, int size) {
        try {
            int i = Integer.parseInt(id);
            if (i >= 0 && i < size) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new StoreException("the queue answered for an entry id '" + id + "' that was not sent", null);
    }

    /** Consecutive runs of at most {@link #MAX_BATCH} entries and {@link #MAX_BATCH_BYTES} bytes. */
    private static List<List<Outgoing>> batches(List<Outgoing> all) {
        List<List<Outgoing>> batches = new ArrayList<>();
        List<Outgoing> current = new ArrayList<>(MAX_BATCH);
        int bytes = 0;
        for (Outgoing o : all) {
            if (current.size() == MAX_BATCH || bytes + o.size > MAX_BATCH_BYTES) {
                batches.add(current);
                current = new ArrayList<>(MAX_BATCH);
                bytes = 0;
            }
            current.add(o);
            bytes += o.size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static void pause(int round) {
        try {
            Thread.sleep(50L << round);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while sending scan jobs", e);
        }
    }

    /** One job on its way, compared by identity (two equal jobs are two messages). */
    private static final class Outgoing {
        final ScanJob job;
        final String body;
        final int size;

        Outgoing(ScanJob job, String body, int size) {
            this.job = job;
            this.body = body;
            this.size = size;
        }
    }
}
