package dev.imagescan.store;

import java.util.List;

/**
 * Where the publish function announces what users route to mail or chat (EventBridge's {@code PutEvents}). An event
 * bus takes events at least once: a retried publication may announce the same scan twice.
 */
public interface EventBus {
    /** The most events one request carries (EventBridge's limit). */
    int MAX_BATCH = 10;

    /**
     * Puts every event, in requests of at most {@link #MAX_BATCH}; entries the service failed to take are sent again
     * a few times. Returns the events still not taken, empty when all were.
     *
     * @throws StoreException when the service failed a whole request
     */
    List<BusEvent> putAll(List<BusEvent> events);
}
