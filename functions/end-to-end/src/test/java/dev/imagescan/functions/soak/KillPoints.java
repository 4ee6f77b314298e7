package dev.imagescan.functions.soak;

import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scan function's bucket with points where the soak kills the invocation mid-scan ({@link Invocation#killCurrent})
 * as the write reaches it: every {@code every}-th write to a stage's keys kills, up to {@code max} kills in all. The
 * stages are the writes of one scan after its claim: a layer cache entry (layers read, the claim held), the image's
 * inventory, its report, its verdict (the report stored, the image record not yet). A killed attempt leaves its claim
 * held and its scan RUNNING; the re-delivered message must take over once the lease ends.
 */
final class KillPoints extends ForwardingObjectStore {
    /** Where a scan is killed: the write whose key matches. */
    enum Stage {
        INVENTORY("images/", "/inventory.json"),
        REPORT("images/", ".json"),
        VERDICT("images/", "/verdict.json");

        private final String prefix;
        private final String suffix;

        Stage(String prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
        }

        static Stage of(String key) {
            if (key.startsWith("images/") && key.contains("/report-")) {
                return REPORT;
            }
            for (Stage s : List.of(INVENTORY, VERDICT)) {
                if (key.startsWith(s.prefix) && key.endsWith(s.suffix)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final int every;
    private final int max;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final Map<Stage, AtomicInteger> byStage = new ConcurrentHashMap<>();

    /**
     * @param every kill at every {@code every}-th write to the stages' keys (0: never)
     * @param max   the most kills in all
     */
    KillPoints(ObjectStore delegate, int every, int max) {
        super(delegate);
        this.every = every;
        this.max = max;
    }

    /** The kills so far, by stage. */
    Map<Stage, Integer> kills() {
        Map<Stage, Integer> counts = new TreeMap<>();
        byStage.forEach((s, n) -> counts.put(s, n.get()));
        return counts;
    }

    int total() {
        return byStage.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        maybeKill(key);
        return super.put(key, bytes, options);
    }

    @Override
    public String put(String key, InputStream content, long length, PutOptions options) {
        maybeKill(key);
        return super.put(key, content, length, options);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, PutOptions options) {
        maybeKill(key);
        return super.putIfAbsent(key, bytes, options);
    }

    private void maybeKill(String key) {
        Stage stage = Stage.of(key);
        if (stage == null || every <= 0 || !Invocation.running()) {
            return;
        }
        int n = writes.incrementAndGet();
        if (n % every != 0) {
            return;
        }
        if (kills.incrementAndGet() > max) {
            return;
        }
        byStage.computeIfAbsent(stage, s -> new AtomicInteger()).incrementAndGet();
        Invocation.killCurrent();
    }
}
