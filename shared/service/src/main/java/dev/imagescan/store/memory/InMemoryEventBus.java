package dev.imagescan.store.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagescan.store.BusEvent;
import dev.imagescan.store.EventBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link EventBus} in memory: records the events it takes, in order, each with the event id {@link #put} returned
 * for it. It refuses, with a null id and without recording, what EventBridge refuses per entry: an empty source,
 * detail type or detail ({@code InvalidArgument}), a detail that is not one JSON object ({@code MalformedDetail}), an
 * entry over 256 KiB (never sent by {@code EventBridgeEventBus}). {@link #failNext} makes the next events fail as
 * entries the service still failed after every retry, the only way to see a caller's handling of that.
 */
public final class InMemoryEventBus implements EventBus {
    /** The most bytes one entry may hold (EventBridge's size: source, detail type, detail and resources). */
    public static final int MAX_ENTRY_BYTES = 256 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * An event the bus took.
     *
     * @param eventId the id {@link #put} returned for it
     */
    public record Entry(String eventId, BusEvent event) {}

    private final List<Entry> entries = new ArrayList<>();
    private int failNext;

    @Override
    public synchronized List<String> put(List<BusEvent> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (BusEvent event : events) {
            if (failNext > 0) {
                failNext--;
                ids.add(null);
            } else if (!acceptable(event)) {
                ids.add(null);
            } else {
                String id = UUID.randomUUID().toString();
                entries.add(new Entry(id, event));
                ids.add(id);
            }
        }
        return ids;
    }

    /** The events taken so far, in the order they were put. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The events taken so far, in order, without their ids. */
    public synchronized List<BusEvent> events() {
        return entries.stream().map(Entry::event).toList();
    }

    /** Makes the next {@code n} events put fail (a null id, nothing recorded), whatever they hold; 0 stops it. */
    public synchronized void failNext(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a negative count " + n);
        }
        failNext = n;
    }

    private static boolean acceptable(BusEvent event) {
        if (event.source().isEmpty() || event.detailType().isEmpty() || event.detail().isEmpty()) {
            return false;
        }
        int size = utf8(event.source()) + utf8(event.detailType()) + utf8(event.detail());
        for (String resource : event.resources()) {
            size += utf8(resource);
        }
        return size <= MAX_ENTRY_BYTES && isOneObject(event.detail());
    }

    private static boolean isOneObject(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
