package dev.imagescan.analyzer;

import dev.imagescan.common.ScratchSpace;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.List;

/**
 * Reads the installed packages of one package manager from the files it asks for. Implementations are stateless and
 * thread-safe; {@link #version()} changes whenever their output for the same files would change, or the name filter of
 * a directory request changes: it is part of the layer cache key ({@link dev.imagescan.scan.AnalyzerKey}), which sees
 * request paths and caps but not inside a filter.
 */
public interface PackageAnalyzer {

    /** A short stable name: {@code dpkg}, {@code apk}, {@code rpm}. */
    String name();

    int version();

    /** The files this analyzer reads; only these are kept while the layers stream by. */
    List<FileRequest> requests();

    /** The packages in {@code files}; {@link PackageAnalysis#NONE} when the database is not there. */
    PackageAnalysis analyze(FileView files, ScratchSpace scratch);
}
