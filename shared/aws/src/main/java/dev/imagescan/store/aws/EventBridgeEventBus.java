package dev.imagescan.store.aws;

import dev.imagescan.store.BusEvent;
import dev.imagescan.store.EventBus;
import dev.imagescan.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link EventBus} over one EventBridge event bus: {@code PutEvents} in requests of at most 10 entries and 256 KiB.
 * Entries the service failed on its side ({@code InternalFailure}, {@code ThrottlingException}) are sent again, up to
 * {@link #SEND_ROUNDS} rounds in all; entries it refused for what they hold ({@code MalformedDetail},
 * {@code InvalidArgument}, a missing permission…) are not, and an entry larger than 256 KiB is not sent at all.
 */
public final class EventBridgeEventBus implements EventBus {
    /** Rounds of sending: the first, and retries of the entries that failed on the service's side. */
    public static final int SEND_ROUNDS = 4;
    /** The most bytes one entry, and one request, may hold (EventBridge's size of an entry, summed). */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** The per-entry error codes the service documents as retryable. */
    static final Set<String> RETRYABLE = Set.of("InternalFailure", "ThrottlingException");

    private final EventBridgeClient events;
    private final String busName;

    /**
     * @param events  a client built once and shared; this bus does not close it
     * @param busName the event bus's name or ARN ({@code default} for the account's default bus)
     */
    public EventBridgeEventBus(EventBridgeClient events, String busName) {
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    /**
     * The size EventBridge counts for an entry: the UTF-8 bytes of its source, detail type, detail and resources
     * (no time is sent: the service stamps it).
     */
    public static int entrySize(BusEvent event) {
        int size = utf8(event.source()) + utf8(event.detailType()) + utf8(event.detail());
        for (String resource : event.resources()) {
            size += utf8(resource);
        }
        return size;
    }

    @Override
    public List<String> put(List<BusEvent> all) {
        String[] ids = new String[all.size()];
        List<Integer> pending = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (entrySize(all.get(i)) <= MAX_REQUEST_BYTES) {
                pending.add(i);
            }
        }
        for (int round = 0; round < SEND_ROUNDS && !pending.isEmpty(); round++) {
            if (round > 0) {
                pause(round);
            }
            List<Integer> retry = new ArrayList<>();
            for (List<Integer> batch : batches(all, pending)) {
                send(all, batch, ids, retry);
            }
            pending = retry;
        }
        return Arrays.asList(ids);
    }

    private void send(List<BusEvent> all, List<Integer> batch, String[] ids, List<Integer> retry) {
        List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i : batch) {
            BusEvent e = all.get(i);
            entries.add(PutEventsRequestEntry.builder().eventBusName(busName).source(e.source())
                    .detailType(e.detailType()).detail(e.detail()).resources(e.resources()).build());
        }
        PutEventsResponse response;
        try {
            response = events.putEvents(b -> b.entries(entries));
        } catch (SdkException e) {
            throw AwsErrors.failure("putting " + batch.size() + " events on " + busName, e);
        }
        List<PutEventsResultEntry> results = response.entries();
        if (results.size() != batch.size()) {
            throw new StoreException("the event bus answered " + results.size() + " entries for " + batch.size()
                    + " sent", null, true);
        }
        for (int k = 0; k < batch.size(); k++) {
            PutEventsResultEntry result = results.get(k);
            if (result.errorCode() == null && result.eventId() != null) {
                ids[batch.get(k)] = result.eventId();
            } else if (result.errorCode() == null || RETRYABLE.contains(result.errorCode())) {
                retry.add(batch.get(k));
            }
        }
    }

    /** Consecutive runs of at most {@link #MAX_BATCH} entries and {@link #MAX_REQUEST_BYTES} bytes. */
    private static List<List<Integer>> batches(List<BusEvent> all, List<Integer> pending) {
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>(MAX_BATCH);
        int bytes = 0;
        for (int i : pending) {
            int size = entrySize(all.get(i));
            if (current.size() == MAX_BATCH || bytes + size > MAX_REQUEST_BYTES) {
                batches.add(current);
                current = new ArrayList<>(MAX_BATCH);
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void pause(int round) {
        try {
            Thread.sleep(50L << round);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while putting events", e);
        }
    }
}
