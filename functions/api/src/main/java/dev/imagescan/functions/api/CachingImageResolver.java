package dev.imagescan.functions.api;

import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.ResolvedReference;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps what tags resolved to for a short while: a rollout admits the same pod template for every replica, and the
 * webhook must answer within its timeout. At most {@link #MAX_ENTRIES} references are kept (the least recently used
 * go first); failures are not kept.
 */
final class CachingImageResolver implements ImageResolver {
    static final int MAX_ENTRIES = 1000;

    private record Entry(ResolvedReference resolved, Instant until) {}

    private final ImageResolver next;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    CachingImageResolver(ImageResolver next, Duration ttl, Clock clock) {
        this.next = next;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public ResolvedReference resolve(ImageReference reference) throws IOException {
        String key = reference.toString();
        Instant now = clock.instant();
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e != null && now.isBefore(e.until())) {
                return e.resolved();
            }
        }
        ResolvedReference resolved = next.resolve(reference);
        synchronized (entries) {
            entries.put(key, new Entry(resolved, now.plus(ttl)));
        }
        return resolved;
    }
}
