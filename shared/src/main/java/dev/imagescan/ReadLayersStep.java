package dev.imagescan;

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
 */
final class ReadLayersStep implements Callable<List<LayerContents>> {
    /** Links leading to links leading to links…: a hostile image could chain them; stop after this many rounds. */
    static final int MAX_REREAD_ROUNDS = 8;

    private final Image image;
    private final List<FileRequest> requests;
    private final LayerReader reader;
    private final int threads;

    ReadLayersStep(Image image, List<FileRequest> requests, ScanOptions options, ScratchSpace scratch) {
        this.image = image;
        this.requests = requests;
        this.reader = new LayerReader(options.limits(), scratch);
        this.threads = options.threads();
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
                LayerContents more = reader.read(image, layer.layer(), new WantedPaths(missing));
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
                contents.add(reader.read(image, layer, new WantedPaths(requests)));
            }
            return contents;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, layers.size()), daemonThreads());
        try {
            List<Future<LayerContents>> futures = new ArrayList<>();
            for (LayerDescriptor layer : layers) {
                futures.add(pool.submit(() -> reader.read(image, layer, new WantedPaths(requests))));
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
