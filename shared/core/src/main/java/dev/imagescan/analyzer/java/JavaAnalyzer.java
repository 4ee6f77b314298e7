package dev.imagescan.analyzer.java;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Java archives anywhere in the image ({@code .jar}, {@code .war}, {@code .ear}, {@code .par}, and the archives
 * nested in them): one Maven package per {@code pom.properties} (confidence {@code high}), or, for an archive
 * without one, the identity of its {@code MANIFEST.MF} (confidence {@code medium} with an
 * {@code Implementation-Vendor-Id} as group, {@code low} without one: such a package cannot be matched against Maven
 * advisories, which name {@code group:artifact}). Each package records the archive it was found in and that archive's
 * SHA-1; the application is the top-level archive. Archives an OS package installed are left to it. Identity is
 * never guessed from a file name.
 */
public final class JavaAnalyzer implements PackageAnalyzer {
    /** What a layer keeps of one archive: its summary, never the archive. */
    private static final long MAX_SUMMARY_BYTES = 4L << 20;
    static final Predicate<String> ARCHIVES = JavaAnalyzer::isArchive;
    private static final FileRequest REQUEST = FileRequest.reduced("**/*.{jar,war,ear,par}", ARCHIVES,
            new JavaArchiveReducer(), MAX_SUMMARY_BYTES);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(REQUEST));
    }

    static boolean isArchive(String path) {
        return JavaArchiveReducer.isArchiveName(path) && !path.startsWith("proc/") && !path.startsWith("sys/");
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.read(files, scratch, files.find(ARCHIVES), (path, packages, problems) ->
                files.file(path).ifPresent(f -> read(path, ArchiveSummary.decode(f.bytes()), packages,
                        problems)));
    }

    private static void read(String top, ArchiveSummary summary, List<InstalledPackage> out, List<String> problems) {
        Map<String, ArchiveSummary.Archive> archives = new HashMap<>();
        summary.archives.forEach(a -> archives.put(a.path(), a));
        Map<String, InstalledPackage> unique = new LinkedHashMap<>();
        for (ArchiveSummary.Artifact a : summary.artifacts) {
            boolean grouped = !a.groupId().isEmpty();
            String name = grouped ? a.groupId() + ":" + a.artifactId() : a.artifactId();
            String evidence = a.fromPom() ? "pom.properties" : "MANIFEST.MF";
            String confidence = a.fromPom() ? "high" : grouped ? "medium" : "low";
            String purl = AppPackageUrls.of(PackageType.MAVEN, name, a.version());
            ArchiveSummary.Archive file = archives.get(a.archive());
            AppLocation where = new AppLocation(a.archive(), top, evidence, confidence, file == null ? null
                    : file.sha1(), purl, file == null ? null : file.sha256());
            InstalledPackage p = InstalledPackage.application(PackageType.MAVEN, name, a.version(), where);
            unique.putIfAbsent(p.key(), p);
        }
        out.addAll(unique.values());
        problems.addAll(summary.problems);
    }
}
