package dev.imagescan.analyzer.apk;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.ArrayList;
import java.util.List;

/** Alpine (and Wolfi) packages from {@code /lib/apk/db/installed}. */
public final class ApkAnalyzer implements PackageAnalyzer {
    static final String INSTALLED = "lib/apk/db/installed";
    private static final long MAX_BYTES = 64L << 20;

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<FileRequest> requests() {
        return List.of(FileRequest.file(INSTALLED, MAX_BYTES));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return files.file(INSTALLED).map(f -> {
            List<String> problems = new ArrayList<>();
            return new PackageAnalysis(true, ApkInstalledParser.parse(f.bytes(), "/" + INSTALLED, problems), problems);
        }).orElse(PackageAnalysis.NONE);
    }
}
