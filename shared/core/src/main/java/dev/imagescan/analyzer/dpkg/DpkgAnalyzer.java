package dev.imagescan.analyzer.dpkg;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian and Ubuntu packages: {@code /var/lib/dpkg/status}, and the per-package files of distroless images in
 * {@code /var/lib/dpkg/status.d/} (their {@code *.md5sums} companions are skipped).
 */
public final class DpkgAnalyzer implements PackageAnalyzer {
    static final String STATUS = "var/lib/dpkg/status";
    static final String STATUS_D = "var/lib/dpkg/status.d";
    private static final long MAX_BYTES = 128L << 20;

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<FileRequest> requests() {
        return List.of(
                FileRequest.file(STATUS, MAX_BYTES),
                FileRequest.filesIn(STATUS_D, DpkgAnalyzer::isStanzaFile, MAX_BYTES));
    }

    static boolean isStanzaFile(String name) {
        return !name.startsWith(".") && !name.endsWith(".md5sums") && !name.endsWith(".list");
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        Optional<CapturedFile> status = files.file(STATUS);
        List<String> statusD = files.list(STATUS_D);
        if (status.isEmpty() && statusD.isEmpty()) {
            return PackageAnalysis.NONE;
        }
        List<String> problems = new ArrayList<>();
        Map<String, InstalledPackage> byNameArch = new LinkedHashMap<>();
        status.ifPresent(f -> add(byNameArch, DpkgStatusParser.parse(f.bytes(), "/" + STATUS, problems)));
        for (String name : statusD) {
            if (isStanzaFile(name)) {
                String path = STATUS_D + "/" + name;
                files.file(path).ifPresent(f -> add(byNameArch, DpkgStatusParser.parse(f.bytes(), "/" + path, problems)));
            }
        }
        return new PackageAnalysis(true, new ArrayList<>(byNameArch.values()), problems);
    }

    private static void add(Map<String, InstalledPackage> byNameArch, List<InstalledPackage> packages) {
        for (InstalledPackage p : packages) {
            byNameArch.put(p.name() + ":" + p.arch(), p);
        }
    }
}
