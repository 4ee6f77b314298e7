package dev.imagescan.analyzer.app;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
     * As {@link #read}, for files kept whole (not reduced): each package read from a file gets that file's SHA-256,
     * computed from the bytes the layer pass kept.
     */
    public static PackageAnalysis readWhole(FileView files, ScratchSpace scratch, List<String> paths,
            Reader reader) {
        return read(files, scratch, paths, (path, packages, problems) -> {
            int before = packages.size();
            reader.read(path, packages, problems);
            if (packages.size() > before) {
                files.file(path).ifPresent(f -> withSha256(packages, before, path, sha256(f.bytes())));
            }
        });
    }

    /** Gives the packages from index {@code from} on that were read from {@code path} the file's SHA-256. */
    public static void withSha256(List<InstalledPackage> packages, int from, String path, String sha256) {
        if (sha256 == null) {
            return;
        }
        for (int i = from; i < packages.size(); i++) {
            InstalledPackage p = packages.get(i);
            if (p.app() != null && p.app().path().equals(path) && p.app().sha256() == null) {
                packages.set(i, new InstalledPackage(p.type(), p.name(), p.version(), p.arch(), p.sourceName(),
                        p.sourceVersion(), p.rpm(), p.app().withSha256(sha256)));
            }
        }
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
