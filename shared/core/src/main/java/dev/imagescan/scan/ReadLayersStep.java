package dev.imagescan.scan;

import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.Image;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.LayerContents;
import dev.imagescan.layer.LayerReader;
import dev.imagescan.layer.WantedPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Reads every layer of an image once, keeping the requested files; several layers at a time (each also decompresses
 * on a second thread). Links seen on the way can point at paths nobody asked for before (a symbolic link in layer 3 to
 * a file of layer 1): the layers that really hold such a path (their member index says so) and did not keep it are
 * read a second time for it alone, which real images almost never need.
 *
 * <p>With a {@link LayerCache}, each read is first looked up there, by diffID and cache key, and stored there after it
 * was made and verified: a layer's first read under the scan's key, a second read for learnt paths under a key naming
 * those paths too ({@link AnalyzerKey#narrow}). A rescan of an image therefore reads no layer at all.
 */
final class ReadLayersStep implements Callable<List<LayerContents>> {
    /** Links leading to links leading to links…: a hostile image could chain them; stop after this many rounds. */
    static final int MAX_REREAD_ROUNDS = 8;

    private final Image image;
    private final List<FileRequest> requests;
    private final String cacheKey;
    private final LayerReader reader;
    private final int threads;
    private final ScanListener listener;
    private final LayerCacheAccess cache;

    ReadLayersStep(Image image, List<FileRequest> requests, String cacheKey, ScanOptions options, ScratchSpace scratch) {
        this.image = image;
        this.requests = requests;
        this.cacheKey = cacheKey;
        this.reader = new LayerReader(options.limits(), scratch);
        this.threads = options.threads();
        this.listener = options.listener();
        this.cache = options.layerCache() == null ? null
                : new LayerCacheAccess(options.layerCache(), requests, options, scratch);
    }

    @Override
    public List<LayerContents> call() {
        List<LayerContents> contents = readAll();
        WantedPaths wanted = new WantedPaths(requests);
        for (LayerContents layer : contents) {
            layer.learnt().forEach(wanted::adopt);
        }
        List<WantedPaths.Learnt> learnt = wanted.takeLearnt();
        for (int round = 0; !learnt.isEmpty() && round < MAX_REREAD_ROUNDS; round++) {
            for (LayerContents layer : contents) {
                List<FileRequest> missing = missing(layer, learnt);
                if (missing.isEmpty()) {
                    continue;
                }
                LayerContents more = readAgain(layer.layer(), missing);
                layer.merge(more);
                more.learnt().forEach(wanted::adopt);
            }
            learnt = wanted.takeLearnt();
        }
        return contents;
    }

    /**
     * Every layer read with the analyzers' requests and what it learnt itself from its own links; up to
     * {@code threads} layers at once. The first failure (in layer order) is thrown.
     */
    private List<LayerContents> readAll() {
        List<LayerDescriptor> layers = image.layers();
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
        LayerContents contents = reader.read(image, layer, new WantedPaths(wanted));
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
