package dev.imagescan.scan;

import dev.imagescan.analyzer.AnalyzerException;
import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.os.ContentManifests;
import dev.imagescan.analyzer.os.OsDetector;
import dev.imagescan.analyzer.os.UbuntuPro;
import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ImageScanException;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.distro.PackageUrls;
import dev.imagescan.image.Image;
import dev.imagescan.image.ImageOpener;
import dev.imagescan.image.ImageSource;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.image.RandomAccessSource;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerAttribution;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileTree;
import dev.imagescan.layer.LayerContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Inventories an image: opens it, reads each layer once keeping only what the analyzers ask for, replays the layers
 * to see each package database as it stood after every layer (so each package is attributed to the layer that
 * brought its current version), detects the OS on the final filesystem and builds the package list. With a
 * {@link LayerCache} in the options, a layer already read for the same analyzers (in any image) is taken from the cache
 * instead of being read again, and gives exactly the same inventory. The whole scan of one image is bounded by the
 * {@link ScanBudget} of the options (uncompressed bytes, time).
 */
public final class ImageScanner {
    private final ScanOptions options;
    private final OsDetector osDetector = new OsDetector();
    private final List<FileRequest> requests;
    private final String layerCacheKey;

    public ImageScanner(ScanOptions options) {
        this.options = options;
        this.requests = requests();
        this.layerCacheKey = AnalyzerKey.of(osDetector.version(), options.analyzers(), requests);
    }

    /** Scans the image at {@code input}; bad input is an {@link ImageScanException} with a one-line message. */
    public Inventory scan(Path input) {
        BudgetMeter meter = options.budget().start(ImageOpener.nameOf(input));
        try (ScratchSpace scratch = new ScratchSpace(options.scratchDir());
                Image image = ImageOpener.open(input, options.platform(), scratch, meter)) {
            return scan(image, scratch, meter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scans the image archive in {@code source} (an object in S3, read with ranged GETs): its table of contents costs
     * a few small reads, each layer not in the layer cache one read of its blob. The caller closes the source.
     */
    public Inventory scan(RandomAccessSource source) {
        BudgetMeter meter = options.budget().start(source.describe());
        try (ScratchSpace scratch = new ScratchSpace(options.scratchDir());
                Image image = ImageOpener.open(source, options.platform(), scratch, meter)) {
            return scan(image, scratch, meter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #scan(RandomAccessSource)}, but once the image is opened (its manifest and config read and checked,
     * no layer read yet) asks {@code gate} whether to go on: empty when it says no. A scan service claims the image's
     * digest there, before paying for its layers. Whatever {@code gate} throws ends the scan.
     */
    public Optional<Inventory> scan(RandomAccessSource source, Predicate<Image> gate) {
        BudgetMeter meter = options.budget().start(source.describe());
        try (ScratchSpace scratch = new ScratchSpace(options.scratchDir());
                Image image = ImageOpener.open(source, options.platform(), scratch, meter)) {
            if (!gate.test(image)) {
                return Optional.empty();
            }
            return Optional.of(scan(image, scratch, meter));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scans the image {@code source} names (an image in a registry): opening it reads its manifest and config; each
     * layer not in the layer cache is then streamed once from its blob, none is written to disk whole.
     */
    public Inventory scan(ImageSource source) {
        return scan(source, image -> true).orElseThrow();
    }

    /**
     * Like {@link #scan(ImageSource)}, but once the image is opened (its manifest and config fetched and checked, no
     * layer fetched yet) asks {@code gate} whether to go on: empty when it says no. Whatever {@code gate} throws ends
     * the scan.
     */
    public Optional<Inventory> scan(ImageSource source, Predicate<Image> gate) {
        BudgetMeter meter = options.budget().start(source.describe());
        try (ScratchSpace scratch = new ScratchSpace(options.scratchDir());
                Image image = source.open(options.platform(), scratch, meter)) {
            if (!gate.test(image)) {
                return Optional.empty();
            }
            Inventory inventory = scan(image, scratch, meter);
            if (source.reference() == null) {
                return Optional.of(inventory);
            }
            return Optional.of(new Inventory(inventory.image().withRegistry(source.reference(),
                    source.repository()), inventory.os(), inventory.packages(), inventory.warnings(),
                    inventory.analyzers()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analyzer key this scanner's layer cache entries are stored under ({@link AnalyzerKey}). */
    public String analyzerKey() {
        return layerCacheKey;
    }

    private Inventory scan(Image image, ScratchSpace scratch, BudgetMeter meter) {
        List<LayerContents> layers = new ReadLayersStep(image, requests, layerCacheKey, options, scratch, meter).call();
        List<String> warnings = new ArrayList<>(image.warnings());
        List<Package> packages = new ArrayList<>();
        FileTree tree = FileTree.empty();
        List<AnalyzerRun> runs = options.analyzers().stream().map(AnalyzerRun::new).toList();
        for (LayerContents layer : layers) {
            tree = tree.apply(layer);
            if (layer.isEmpty()) {
                continue;
            }
            for (AnalyzerRun run : runs) {
                meter.checkTime(run.analyzer.name() + " analysis of " + layer.layer().describe());
                run.observe(tree, layer.layer().index(), scratch);
            }
        }
        FileTree last = tree;
        ContentManifests.Found manifests = ContentManifests.read(tree,
                path -> last.locate(path).map(f -> f.node().layer()).orElse(-1));
        OperatingSystem os = osDetector.detect(tree).withContentSets(manifests.contentSets(), manifests.byLayer());
        warnings.addAll(manifests.problems());
        for (AnalyzerRun run : runs) {
            if (run.failure != null) {
                throw run.failure;
            }
            warnings.addAll(run.last.problems());
            for (InstalledPackage p : run.last.packages()) {
                packages.add(toPackage(p, os, run.attribution.introducedAt(p), image));
            }
        }
        warnings.addAll(tree.problems());
        packages.sort(Package.ORDER);
        os = UbuntuPro.withEsmBuilds(os, packages);
        return new Inventory(summary(image), os, packages, new ArrayList<>(new LinkedHashSet<>(warnings)), analyzerNames());
    }

    private List<FileRequest> requests() {
        List<FileRequest> requests = new ArrayList<>(osDetector.requests());
        for (PackageAnalyzer a : options.analyzers()) {
            requests.addAll(a.requests());
        }
        return requests;
    }

    private List<String> analyzerNames() {
        List<String> names = new ArrayList<>();
        names.add("os/" + osDetector.version());
        options.analyzers().forEach(a -> names.add(a.name() + "/" + a.version()));
        return names;
    }

    private static Package toPackage(InstalledPackage p, OperatingSystem os, int layerIndex, Image image) {
        LayerDescriptor layer = image.layers().get(layerIndex);
        String purl = p.app() != null ? p.app().purl() : PackageUrls.of(p, os);
        return new Package(p.type(), p.name(), p.version(), p.arch(), new SourcePackage(p.sourceName(), p.sourceVersion()),
                purl, new LayerRef(layerIndex, layer.diffId().toString()), p.rpm(), p.app());
    }

    private static ImageSummary summary(Image image) {
        List<ImageSummary.Layer> layers = image.layers().stream()
                .map(l -> new ImageSummary.Layer(l.index(), l.diffId().toString(),
                        l.digest() == null ? null : l.digest().toString(), l.mediaType(), l.size()))
                .toList();
        return new ImageSummary(image.name(), image.format().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                image.platform() == null ? null : image.platform().toString(),
                image.manifestDigest() == null ? null : image.manifestDigest().toString(),
                image.configDigest().toString(), image.tags(), layers);
    }

    /**
     * One analyzer followed through the layers: it runs again only when the files it reads changed, and feeds each
     * result to the layer attribution.
     */
    private static final class AnalyzerRun {
        final PackageAnalyzer analyzer;
        final LayerAttribution attribution = new LayerAttribution();
        PackageAnalysis last = PackageAnalysis.NONE;
        /** Set when the database as it stands now cannot be read; only fatal if no later layer replaces it. */
        ImageScanException failure;
        List<Object> lastInputs = List.of();

        AnalyzerRun(PackageAnalyzer analyzer) {
            this.analyzer = analyzer;
        }

        void observe(FileTree tree, int layerIndex, ScratchSpace scratch) {
            List<Object> inputs = inputs(tree);
            if (inputs.equals(lastInputs)) {
                return;
            }
            lastInputs = inputs;
            try {
                last = analyzer.analyze(tree, scratch);
                failure = null;
            } catch (AnalyzerException e) {
                last = PackageAnalysis.NONE;
                failure = e;
                return;
            }
            attribution.observe(layerIndex, last.packages());
        }

        /** The files the analyzer would read, by identity: equal lists mean an equal result. */
        private List<Object> inputs(FileTree tree) {
            List<Object> inputs = new ArrayList<>();
            for (FileRequest r : analyzer.requests()) {
                if (r.isPattern()) {
                    for (String path : tree.find(r.anywhere())) {
                        inputs.add(path);
                        tree.file(path).ifPresent(inputs::add);
                    }
                } else if (r.isDirectory()) {
                    for (String name : tree.list(r.path())) {
                        inputs.add(name);
                        tree.file(r.path() + "/" + name).ifPresent(inputs::add);
                    }
                } else {
                    inputs.add(tree.file(r.path()).orElse(null));
                }
            }
            return inputs;
        }
    }

}
