package dev.imagescan.analyzer.app;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.ArrayList;
import java.util.List;

/**
 * What the language analyzers share: their file requests beside the OS package databases' ({@link OwnedFiles}), and
 * the loop that reads each file they found unless an OS package installed it (then it is that package's).
 */
public final class AppFiles {
    private AppFiles() {}

    /** Reads what one found file holds into packages and problems. */
    @FunctionalInterface
    public interface Reader {
        void read(String path, List<InstalledPackage> packages, List<String> problems);
    }

    /** {@link OwnedFiles#REQUESTS} and the analyzer's own {@code requests}. */
    public static List<FileRequest> requests(List<FileRequest> requests) {
        List<FileRequest> all = new ArrayList<>(OwnedFiles.REQUESTS);
        all.addAll(requests);
        return all;
    }

    /**
     * Each of {@code paths} that no OS package installed, read by {@code reader}; {@link PackageAnalysis#NONE} when
     * there are none (the OS package databases are then not read).
     */
    public static PackageAnalysis read(FileView files, ScratchSpace scratch, List<String> paths, Reader reader) {
        if (paths.isEmpty()) {
            return PackageAnalysis.NONE;
        }
        OwnedFiles owned = OwnedFiles.of(files, scratch);
        List<InstalledPackage> packages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            if (!owned.owns(path)) {
                reader.read(path, packages, problems);
            }
        }
        return new PackageAnalysis(true, packages, problems);
    }
}
