package dev.imagescan.analyzer.golang;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.analyzer.app.Executables;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Go executables (ELF) anywhere outside the places that hold no programs: their build information
 * ({@link GoBuildInfoReducer}) gives the main module (when built at a version, not {@code (devel)}, or stamped with
 * one by {@code -ldflags}: {@link LdflagsVersion}), every dependency
 * module with its version (a replacement {@code =>} stands in for the module it replaces, with its own path and
 * version) and the Go version as the {@code stdlib} package. Executables are read once for this analyzer and the Rust
 * one ({@link Executables}). Binaries an OS package installed (Debian's Go programs) are left to it.
 */
public final class GoAnalyzer implements PackageAnalyzer {
    /** {@code golang.org/x/mod/module.IsPseudoVersion}'s pattern. */
    private static final Pattern PSEUDO_VERSION = Pattern.compile(
            "v[0-9]+\\.(0\\.0-|\\d+\\.\\d+-([^+]*\\.)?0\\.)\\d{14}-[A-Za-z0-9]+(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    @Override
    public String name() {
        return "go";
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(Executables.REQUEST));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.read(files, scratch, Executables.find(files), (path, packages, problems) -> {
            int before = packages.size();
            Executables.part(files, path, "go").map(b -> new String(b, StandardCharsets.UTF_8))
                    .filter(info -> info.startsWith("go\t") || info.startsWith("old\n"))
                    .ifPresent(info -> read(path, info, packages, problems));
            AppFiles.withSha256(packages, before, path, Executables.sha256(files, path));
        });
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
        String mainModule = null;
        String mainVersion = null;
        String ldflags = null;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            switch (f[0]) {
                case "mod" -> {
                    if (f.length >= 2) {
                        mainModule = f[1];
                        mainVersion = f.length >= 3 ? f[2] : "";
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
                case "build" -> {
                    if (f.length >= 2 && f[1].startsWith("-ldflags=")) {
                        ldflags = f[1].substring("-ldflags=".length());
                    }
                }
                default -> {
                    // path
                }
            }
        }
        flush(out, pending);
        if (mainModule != null) {
            mainModule(mainModule, mainVersion, ldflags, path).ifPresent(out::add);
        }
    }

    /**
     * The main module, when its version is known: the one the toolchain recorded, unless it is {@code (devel)} or a
     * pseudo-version and the {@code -ldflags} setting stamps a release ({@link LdflagsVersion}; confidence
     * {@code medium}, as Trivy reads it).
     */
    private static Optional<InstalledPackage> mainModule(String module, String version, String ldflags,
            String binary) {
        boolean recorded = !version.isEmpty() && !version.equals("(devel)");
        if (recorded && !PSEUDO_VERSION.matcher(version).matches()) {
            return Optional.of(pkg(module, version, binary));
        }
        String stamped = ldflags == null ? null : LdflagsVersion.of(module, ldflags);
        if (stamped != null) {
            return Optional.of(InstalledPackage.application(PackageType.GOLANG, module, stamped, new AppLocation(
                    binary, binary, "go buildinfo -ldflags", "medium", null,
                    AppPackageUrls.of(PackageType.GOLANG, module, stamped))));
        }
        return recorded ? Optional.of(pkg(module, version, binary)) : Optional.empty();
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
