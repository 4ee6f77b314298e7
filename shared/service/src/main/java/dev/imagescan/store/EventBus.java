package dev.imagescan.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the publish function announces what users route to mail or chat (EventBridge's {@code PutEvents}). An event
 * bus takes events at least once: a retried publication may announce the same scan twice.
 */
public interface EventBus {
    /** The most events one request carries (EventBridge's limit). */
    int MAX_BATCH = 10;

    /**
     * Puts every event, in requests of at most {@link #MAX_BATCH}; entries the service failed to take on its side
     * are sent again a few times. Returns one id per event, in order: the id the bus gave it, or null when it was
     * not taken (refused as the sender's fault, or still failing after the retries).
     *
     * @throws StoreException when the service failed a whole request
     */
    List<String> put(List<BusEvent> events);

    /**
     * Puts every event as {@link #put} does. Returns the events still not taken, empty when all were.
     *
     * @throws StoreException when the service failed a whole request
     */
    default List<BusEvent> putAll(List<BusEvent> events) {
        List<String> ids = put(events);
        List<BusEvent> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (ids.get(i) == null) {
                failed.add(events.get(i));
            }
        }
        return failed;
    }
}
