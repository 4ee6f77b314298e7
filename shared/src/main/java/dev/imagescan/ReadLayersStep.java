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

/**
 * Reads every layer of an image once, bottom first, keeping the requested files. Links seen on the way can point at
 * paths nobody asked for before (a symbolic link in layer 3 to a file of layer 1): those layers that really hold such
 * a path are read a second time for it alone, which real images almost never need.
 */
final class ReadLayersStep implements Callable<List<LayerContents>> {
    /** Links leading to links leading to links…: a hostile image could chain them; stop after this many rounds. */
    static final int MAX_REREAD_ROUNDS = 8;

    private final Image image;
    private final List<FileRequest> requests;
    private final LayerReader reader;

    ReadLayersStep(Image image, List<FileRequest> requests, ScanOptions options, ScratchSpace scratch) {
        this.image = image;
        this.requests = requests;
        this.reader = new LayerReader(options.limits(), scratch);
    }

    @Override
    public List<LayerContents> call() {
        WantedPaths wanted = new WantedPaths(requests);
        List<LayerContents> contents = new ArrayList<>();
        for (LayerDescriptor layer : image.layers()) {
            contents.add(reader.read(image, layer, wanted));
        }
        List<WantedPaths.Learnt> learnt = wanted.takeLearnt();
        for (int round = 0; !learnt.isEmpty() && round < MAX_REREAD_ROUNDS; round++) {
            for (LayerContents layer : contents) {
                List<FileRequest> missing = missing(layer, learnt);
                if (missing.isEmpty()) {
                    continue;
                }
                WantedPaths narrow = new WantedPaths(missing);
                layer.merge(reader.read(image, layer.layer(), narrow));
                narrow.takeLearnt().forEach(wanted::adopt);
            }
            learnt = wanted.takeLearnt();
        }
        return contents;
    }

    /**
     * The learnt requests this layer may hold but was read without: it was read before they were learnt (or is the layer
     * that taught them, and had passed them already), it has a member there, and did not keep it.
     */
    private static List<FileRequest> missing(LayerContents layer, List<WantedPaths.Learnt> learnt) {
        int index = layer.layer().index();
        List<FileRequest> missing = new ArrayList<>();
        for (WantedPaths.Learnt l : learnt) {
            FileRequest r = l.request();
            boolean kept = !r.isDirectory() && layer.entries().containsKey(r.path());
            if (index <= l.layer() && layer.members().mayContain(r.path()) && !kept) {
                missing.add(r);
            }
        }
        return missing;
    }
}
