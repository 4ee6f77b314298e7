package dev.imagescan.layer.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.Analyzers;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.os.OsDetector;
import dev.imagescan.common.BadInputException;
import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileTree;
import dev.imagescan.layer.LayerContents;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.layer.LayerReader;
import dev.imagescan.layer.WantedPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the layer reader on one layer blob, as a scan reads each layer: the fuzzer's bytes are the blob (its digest
 * and diffID those of the bytes, so a well-formed layer passes every check), read by {@link LayerReader} with the file
 * requests of the OS detector and the default analyzers — sniffed (plain, gzip or zstd), decompressed, walked by the
 * strict tar reader keeping the wanted files (jars and binaries reduced as they stream), links noted and the blob
 * read again for the paths they lead to — then replayed into a {@link FileTree} and every requested file looked up
 * and read, as the analyzers would. No whole-image scan: the archive readers have their own target. The limits are
 * small ({@link #LIMITS}) and the reads are charged to a meter of 64 MiB and 5 seconds, so that a bound which holds
 * shows as a {@link BadInputException} (a {@code LimitExceededException} or {@code BudgetExceededException}) within
 * the per-input time limit. A layer the reader cannot use is a {@link BadInputException}; any other exception, a hang
 * or an OutOfMemoryError is a finding.
 */
class LayerTarFuzzTest {
    /** 16 MiB per layer, 1:2000 past 1 MiB, files over 64 KiB spooled to the scratch space. */
    static final LayerLimits LIMITS = new LayerLimits(16L << 20, 2000, 1L << 20, 64L << 10);
    private static final long BUDGET_BYTES = 64L << 20;
    private static final Duration BUDGET_TIME = Duration.ofSeconds(5);
    private static final List<FileRequest> REQUESTS = requests();
    /** Re-reads of the blob for paths learnt from links, as the scan allows (twice the blob). */
    private static final int REREADS = 2;

    static {
        // loads and instruments the classes of a layer read before the fuzzer times the first input
        read(new byte[1024]);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void layerBlob(byte[] blob) {
        read(blob);
    }

    private static void read(byte[] blob) {
        OneBlobImage image = new OneBlobImage(blob, LIMITS.maxUncompressedBytes());
        BudgetMeter meter = new BudgetMeter("fuzz", BUDGET_BYTES, BUDGET_TIME);
        try (ScratchSpace scratch = new ScratchSpace(null)) {
            LayerReader reader = new LayerReader(LIMITS, scratch, meter);
            LayerContents contents = reader.read(image.image(), image.layer(), new WantedPaths(REQUESTS));
            readLearntPaths(reader, image, contents);
            lookUpRequested(FileTree.empty().apply(contents));
        } catch (BadInputException expected) {
            // refused with a one-line reason
        }
    }

    /**
     * Reads the layer again for the paths its links led to and it did not keep, as the scan does (a few rounds, like
     * the scan's allowance of twice the blob).
     */
    private static void readLearntPaths(LayerReader reader, OneBlobImage image, LayerContents contents) {
        WantedPaths wanted = new WantedPaths(REQUESTS);
        contents.learnt().forEach(wanted::adopt);
        List<WantedPaths.Learnt> learnt = wanted.takeLearnt();
        for (int round = 0; round < REREADS && !learnt.isEmpty(); round++) {
            List<FileRequest> missing = new ArrayList<>();
            for (WantedPaths.Learnt l : learnt) {
                FileRequest r = l.request();
                boolean kept = !r.isDirectory() && contents.entries().containsKey(r.path());
                if (contents.members().mayContain(r.path()) && !kept) {
                    missing.add(r);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            LayerContents more = reader.read(image.image(), image.layer(), new WantedPaths(missing));
            contents.merge(more);
            more.learnt().forEach(wanted::adopt);
            learnt = wanted.takeLearnt();
        }
    }

    /** Finds and reads every file the requests name in {@code tree}, as the analyzers' inputs are gathered. */
    private static void lookUpRequested(FileTree tree) {
        tree.problems();
        for (FileRequest r : REQUESTS) {
            if (r.isPattern()) {
                tree.find(r.anywhere()).forEach(path -> readAll(tree.file(path)));
            } else if (r.isDirectory()) {
                tree.list(r.path()).forEach(name -> readAll(tree.file(r.path() + "/" + name)));
            } else {
                readAll(tree.file(r.path()));
            }
        }
    }

    private static void readAll(Optional<CapturedFile> file) {
        if (file.isEmpty()) {
            return;
        }
        try (InputStream in = file.get().open()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<FileRequest> requests() {
        List<FileRequest> requests = new ArrayList<>(new OsDetector().requests());
        for (PackageAnalyzer analyzer : Analyzers.defaults()) {
            requests.addAll(analyzer.requests());
        }
        return List.copyOf(requests);
    }
}
