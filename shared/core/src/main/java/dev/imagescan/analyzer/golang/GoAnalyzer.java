package dev.imagescan.analyzer.golang;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.analyzer.app.OwnedFiles;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Go executables (ELF) anywhere outside the places that hold no programs: their build information
 * ({@link GoBuildInfoReducer}) gives the main module (when built at a version, not {@code (devel)}), every dependency
 * module with its version (a replacement {@code =>} stands in for the module it replaces, with its own path and
 * version) and the Go version as the {@code stdlib} package. Binaries an OS package installed (Debian's Go programs)
 * are left to it.
 */
public final class GoAnalyzer implements PackageAnalyzer {
    /** What a layer keeps of one binary: its build information. */
    private static final long MAX_KEPT = 1L << 20;
    static final Predicate<String> CANDIDATES = GoAnalyzer::isCandidate;
    private static final FileRequest REQUEST = FileRequest.reduced("**/<ELF executables>", CANDIDATES,
            new GoBuildInfoReducer(), MAX_KEPT);

    @Override
    public String name() {
        return "go";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<FileRequest> requests() {
        List<FileRequest> requests = new ArrayList<>(OwnedFiles.REQUESTS);
        requests.add(REQUEST);
        return requests;
    }

    /**
     * Every file but those that cannot be a Go program: libraries, sources, documentation, kernel trees, and the
     * package databases the OS analyzers keep whole ({@code var/lib}, {@code lib/apk}).
     */
    static boolean isCandidate(String path) {
        if (path.startsWith("usr/share/") || path.startsWith("usr/include/") || path.startsWith("proc/")
                || path.startsWith("sys/") || path.startsWith("usr/lib/debug/") || path.startsWith("var/lib/")
                || path.startsWith("lib/apk/") || path.startsWith("usr/lib/sysimage/") || path.startsWith("etc/")
                || path.contains("/node_modules/") || path.contains("-packages/")) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        String ext = name.substring(dot + 1);
        return !(name.contains(".so") || ext.equals("a") || ext.equals("o") || ext.equals("ko") || ext.equals("h")
                || ext.equals("c") || ext.equals("go") || ext.equals("py") || ext.equals("pyc") || ext.equals("js")
                || ext.equals("json") || ext.equals("txt") || ext.equals("md") || ext.equals("gz")
                || ext.equals("jar") || ext.equals("html") || ext.equals("xml") || ext.equals("conf"));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        List<String> binaries = files.find(CANDIDATES);
        if (binaries.isEmpty()) {
            return PackageAnalysis.NONE;
        }
        OwnedFiles owned = OwnedFiles.of(files);
        List<InstalledPackage> packages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String path : binaries) {
            if (owned.owns(path)) {
                continue;
            }
            // what the reducer kept is small and starts so; a file another analyzer keeps whole is not one of ours
            files.file(path).filter(f -> f.size() <= MAX_KEPT).map(f -> new String(f.bytes(), StandardCharsets.UTF_8))
                    .filter(info -> info.startsWith("go\t") || info.startsWith("old\n"))
                    .ifPresent(info -> read(path, info, packages, problems));
        }
        return new PackageAnalysis(true, packages, problems);
    }

    private static void read(String path, String info, List<InstalledPackage> out, List<String> problems) {
        if (info.startsWith("old\n")) {
            problems.add("/" + path + ": a Go binary built before Go 1.18; its modules are not read");
            return;
        }
        String[] lines = info.split("\n");
        String goVersion = lines[0].startsWith("go\t") ? lines[0].substring(3).strip() : "";
        if (goVersion.startsWith("go")) {
            // go1.21.3, or go1.22.0 X:boringcrypto: the release only
            String release = goVersion.substring(2).split("[ \\t]")[0];
            out.add(pkg("stdlib", "v" + release, path));
        }
        InstalledPackage pending = null;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            switch (f[0]) {
                case "mod" -> {
                    if (f.length >= 3 && !f[2].equals("(devel)") && !f[2].isEmpty()) {
                        pending = flush(out, pending);
                        pending = pkg(f[1], f[2], path);
                    }
                }
                case "dep" -> {
                    pending = flush(out, pending);
                    if (f.length >= 3) {
                        pending = pkg(f[1], f[2], path);
                    }
                }
                case "=>" -> {
                    // the replacement stands in for the module above it; a local directory has no version
                    pending = f.length >= 3 && !f[2].isEmpty() ? pkg(f[1], f[2], path) : null;
                }
                default -> {
                    // path, build settings
                }
            }
        }
        flush(out, pending);
    }

    private static InstalledPackage flush(List<InstalledPackage> out, InstalledPackage pending) {
        if (pending != null) {
            out.add(pending);
        }
        return null;
    }

    private static InstalledPackage pkg(String module, String version, String binary) {
        return InstalledPackage.application(PackageType.GOLANG, module, version, new AppLocation(binary, binary,
                "go buildinfo", "high", null, AppPackageUrls.of(PackageType.GOLANG, module, version)));
    }
}
