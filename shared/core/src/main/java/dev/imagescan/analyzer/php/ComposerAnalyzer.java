package dev.imagescan.analyzer.php;

import com.fasterxml.jackson.jr.ob.JSON;
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
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * PHP packages installed by Composer: every {@code vendor/composer/installed.json}, in Composer 1's layout (an array
 * of packages) or Composer 2's ({@code {"packages": [...], "dev": …, "dev-package-names": [...]}}), each package's
 * {@code name} ({@code vendor/name}) and {@code version}. Development packages are reported too when they are
 * installed (their code is in the image). The application is the project directory, the one holding
 * {@code vendor}. Files an OS package installed are left to it.
 */
public final class ComposerAnalyzer implements PackageAnalyzer {
    private static final String INSTALLED = "vendor/composer/installed.json";
    static final Predicate<String> FILES = p -> p.equals(INSTALLED) || p.endsWith("/" + INSTALLED);
    private static final long MAX_BYTES = 32L << 20;
    private static final FileRequest REQUEST = FileRequest.matching("**/" + INSTALLED, FILES, MAX_BYTES);

    @Override
    public String name() {
        return "composer";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(List.of(REQUEST));
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        return AppFiles.readWhole(files, scratch, files.find(FILES), (path, packages, problems) ->
                files.file(path).ifPresent(f -> read(path, f.bytes(), packages, problems)));
    }

    /** The packages of one {@code installed.json}. */
    static void read(String path, byte[] json, List<InstalledPackage> out, List<String> problems) {
        Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            problems.add("/" + path + ": not valid JSON (" + m + "); skipped");
            return;
        }
        List<?> list;
        if (root instanceof List<?> composer1) {
            list = composer1;
        } else if (root instanceof Map<?, ?> composer2 && composer2.get("packages") instanceof List<?> packages) {
            list = packages;
        } else {
            problems.add("/" + path + ": neither a list of packages nor an object with \"packages\"; skipped");
            return;
        }
        String project = path.equals(INSTALLED) ? "" : path.substring(0, path.length() - INSTALLED.length() - 1);
        for (Object o : list) {
            if (o instanceof Map<?, ?> p && p.get("name") instanceof String name && p.get("version") instanceof String v
                    && !name.isBlank() && !v.isBlank()) {
                out.add(InstalledPackage.application(PackageType.COMPOSER, name, v, new AppLocation(path, project,
                        "installed.json", "high", null, AppPackageUrls.of(PackageType.COMPOSER, name, v))));
            } else {
                problems.add("/" + path + ": a package without a name and version; skipped");
            }
        }
    }
}
