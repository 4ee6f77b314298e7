package dev.imagescan.scan;

import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.Digest;
import dev.imagescan.image.Image;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.LayerContents;
import dev.imagescan.layer.LayerReader;
import dev.imagescan.layer.LimitExceededException;
import dev.imagescan.layer.WantedPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Reads every layer of an image once, keeping the requested files; several layers at a time (each also decompresses
 * on a second thread). A layer listed more than once in the manifest (the same diffID) is read once. Links seen on the
 * way can point at paths nobody asked for before (a symbolic link in layer 3 to a file of layer 1): the layers that
 * really hold such a path (their member index says so) and did not keep it are read a second time for it alone, which
 * real images almost never need; such re-reads may read at most twice as many blob bytes as the image's distinct
 * layers have, so a chain of links cannot make a large layer be read again and again. Every uncompressed byte read is
 * charged to the scan's {@link BudgetMeter}.
 *
 * <p>With a {@link LayerCache}, each read is first looked up there, by diffID and cache key, and stored there after it
 * was made and verified: a layer's first read under the scan's key, a second read for learnt paths under a key naming
 * those paths too ({@link AnalyzerKey#narrow}). A rescan of an image therefore reads no layer at all.
 */
final class ReadLayersStep implements Callable<List<LayerContents>> {
    /** Re-reads for paths learnt from links may read this many times the blob bytes of the image's layers. */
    static final int REREAD_ALLOWANCE = 2;

    private final Image image;
    private final List<FileRequest> requests;
    private final String cacheKey;
    private final LayerReader reader;
    private final int threads;
    private final ScanListener listener;
    private final LayerCacheAccess cache;
    private final BudgetMeter meter;

    ReadLayersStep(Image image, List<FileRequest> requests, String cacheKey, ScanOptions options, ScratchSpace scratch,
            BudgetMeter meter) {
        this.image = image;
        this.requests = requests;
        this.cacheKey = cacheKey;
        this.meter = meter;
        this.reader = new LayerReader(options.limits(), scratch, meter);
        this.threads = options.threads();
        this.listener = options.listener();
        this.cache = options.layerCache() == null ? null
                : new LayerCacheAccess(options.layerCache(), requests, options, scratch);
    }

    @Override
    public List<LayerContents> call() {
        Map<Digest, LayerDescriptor> distinct = new LinkedHashMap<>();
        for (LayerDescriptor layer : image.layers()) {
            distinct.putIfAbsent(layer.diffId(), layer);
        }
        listener.layersToRead(List.copyOf(distinct.values()));
        List<LayerContents> contents = readAll(List.copyOf(distinct.values()));
        readLearntPaths(contents);
        Map<Digest, LayerContents> byDiffId = new LinkedHashMap<>();
        contents.forEach(c -> byDiffId.put(c.layer().diffId(), c));
        List<LayerContents> all = new ArrayList<>();
        for (LayerDescriptor layer : image.layers()) {
            LayerContents read = byDiffId.get(layer.diffId());
            all.add(read.layer() == layer ? read : read.as(layer));
        }
        return all;
    }

    /**
     * Reads again, for the paths learnt from links, the layers that may hold them; round after round while reads
     * learn more, within {@link #REREAD_ALLOWANCE} times the blob bytes of the layers (a real image needs one short
     * round, if any).
     */
    private void readLearntPaths(List<LayerContents> contents) {
        long allowance = 0;
        for (LayerContents layer : contents) {
            allowance += REREAD_ALLOWANCE * Math.max(0, layer.layer().size());
        }
        long spent = 0;
        WantedPaths wanted = new WantedPaths(requests);
        for (LayerContents layer : contents) {
            layer.learnt().forEach(wanted::adopt);
        }
        List<WantedPaths.Learnt> learnt = wanted.takeLearnt();
        while (!learnt.isEmpty()) {
            for (LayerContents layer : contents) {
                List<FileRequest> missing = missing(layer, learnt);
                if (missing.isEmpty()) {
                    continue;
                }
                spent += Math.max(0, layer.layer().size());
                if (spent > allowance) {
                    throw new LimitExceededException(image.name() + ": links between layers ask for re-reading more "
                            + "than " + allowance + " blob bytes, twice the image's layers; refusing a likely chain of "
                            + "links (stopped before re-reading " + layer.layer().describe() + ")");
                }
                meter.checkTime("re-reading " + layer.layer().describe() + " for paths learnt from links");
                LayerContents more = readAgain(layer.layer(), missing);
                layer.merge(more);
                more.learnt().forEach(wanted::adopt);
            }
            learnt = wanted.takeLearnt();
        }
    }

    /**
     * Every layer read with the analyzers' requests and what it learnt itself from its own links; up to
     * {@code threads} layers at once. The first failure (in layer order) is thrown.
     */
    private List<LayerContents> readAll(List<LayerDescriptor> layers) {
        if (threads == 1 || layers.size() == 1) {
            List<LayerContents> contents = new ArrayList<>();
            for (LayerDescriptor layer : layers) {
                contents.add(readFirst(layer));
            }
            return contents;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, layers.size()), daemonThreads());
        try {
            List<Future<LayerContents>> futures = new ArrayList<>();
            for (LayerDescriptor layer : layers) {
                futures.add(pool.submit(() -> readFirst(layer)));
            }
            List<LayerContents> contents = new ArrayList<>();
            for (Future<LayerContents> f : futures) {
                contents.add(await(f));
            }
            return contents;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The layer as the analyzers' requests see it: from the cache, or read (and then stored). */
    private LayerContents readFirst(LayerDescriptor layer) {
        return cached(layer, requests, cacheKey);
    }

    /** The layer read again for paths learnt from links elsewhere. */
    private LayerContents readAgain(LayerDescriptor layer, List<FileRequest> missing) {
        String key = cache == null ? null : AnalyzerKey.narrow(cacheKey, missing, requests);
        return key == null ? read(layer, missing) : cached(layer, missing, key);
    }

    private LayerContents cached(LayerDescriptor layer, List<FileRequest> wanted, String key) {
        if (cache == null) {
            return read(layer, wanted);
        }
        return cache.find(layer, key).orElseGet(() -> {
            LayerContents contents = read(layer, wanted);
            cache.store(contents, key);
            return contents;
        });
    }

    private LayerContents read(LayerDescriptor layer, List<FileRequest> wanted) {
        LayerContents contents = reader.read(image, layer, new WantedPaths(wanted),
                bytes -> listener.blobBytesRead(layer, bytes));
        listener.layerRead(layer, contents.blobBytesRead());
        return contents;
    }

    private static LayerContents await(Future<LayerContents> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading layers", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread t = new Thread(runnable, "imagescan-layers");
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The learnt requests this layer may hold but was read without: it has a member there (its member index says so)
     * and did not keep it.
     */
    private static List<FileRequest> missing(LayerContents layer, List<WantedPaths.Learnt> learnt) {
        List<FileRequest> missing = new ArrayList<>();
        for (WantedPaths.Learnt l : learnt) {
            FileRequest r = l.request();
            boolean kept = !r.isDirectory() && layer.entries().containsKey(r.path());
            if (layer.members().mayContain(r.path()) && !kept) {
                missing.add(r);
            }
        }
        return missing;
    }
}
