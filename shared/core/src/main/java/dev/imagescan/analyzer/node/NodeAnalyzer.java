package dev.imagescan.analyzer.node;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.PackageAnalyzer;
import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppPackageUrls;
import dev.imagescan.analyzer.app.OwnedFiles;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Node.js packages: every {@code node_modules/[@scope/]name/package.json} (name and version, the application being
 * the directory holding the outermost {@code node_modules}), and, for a project directory with a
 * {@code package-lock.json} but no {@code node_modules}, the packages it locks (its {@code packages} section in
 * lockfile versions 2 and 3, its {@code dependencies} tree in version 1; development-only ones left out, as they are
 * not installed in production images). Files an OS
 * package installed (Debian's {@code node-*} packages) are left to it.
 */
public final class NodeAnalyzer implements PackageAnalyzer {
    private static final Pattern MODULE_JSON =
            Pattern.compile("(?:.*/)?node_modules/(?:@[^/]+/)?[^/@][^/]*/package\\.json");
    static final Predicate<String> PACKAGE_JSON = p -> p.endsWith("/package.json") && MODULE_JSON.matcher(p).matches();
    static final Predicate<String> LOCK = p -> (p.equals("package-lock.json") || p.endsWith("/package-lock.json"))
            && !p.contains("node_modules/");
    private static final long MAX_PACKAGE_JSON = 1L << 20;
    private static final long MAX_LOCK = 32L << 20;
    private static final int MAX_V1_DEPTH = 64;
    private static final List<FileRequest> REQUESTS = List.of(
            FileRequest.matching("**/node_modules/**/package.json", PACKAGE_JSON, MAX_PACKAGE_JSON),
            FileRequest.matching("**/package-lock.json", LOCK, MAX_LOCK));

    @Override
    public String name() {
        return "node";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<FileRequest> requests() {
        return AppFiles.requests(REQUESTS);
    }

    @Override
    public PackageAnalysis analyze(FileView files, ScratchSpace scratch) {
        List<String> manifests = files.find(PACKAGE_JSON);
        List<String> locks = files.find(LOCK);
        if (manifests.isEmpty() && locks.isEmpty()) {
            return PackageAnalysis.NONE;
        }
        OwnedFiles owned = OwnedFiles.of(files, scratch);
        List<InstalledPackage> packages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> installedApps = new HashSet<>();
        for (String path : manifests) {
            if (owned.owns(path)) {
                continue;
            }
            files.file(path).ifPresent(f -> {
                try {
                    Map<String, Object> json = JSON.std.mapFrom(f.bytes());
                    Object name = json.get("name");
                    Object version = json.get("version");
                    if (name instanceof String n && version instanceof String v && !n.isBlank() && !v.isBlank()) {
                        String app = application(path);
                        installedApps.add(app);
                        packages.add(pkg(n.strip(), v.strip(), path, app, "package.json"));
                        AppFiles.withSha256(packages, packages.size() - 1, path, AppFiles.sha256(f.bytes()));
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add("/" + path + ": not valid JSON (" + firstLine(e) + "); skipped");
                }
            });
        }
        for (String path : locks) {
            String dir = parent(path);
            if (installedApps.contains(dir) || owned.owns(path)) {
                continue; // node_modules is there: what is installed beats what is locked
            }
            files.file(path).ifPresent(f -> {
                int before = packages.size();
                readLock(path, dir, f.bytes(), packages, problems);
                if (packages.size() > before) {
                    AppFiles.withSha256(packages, before, path, AppFiles.sha256(f.bytes()));
                }
            });
        }
        return new PackageAnalysis(true, packages, problems);
    }

    private static void readLock(String path, String dir, byte[] bytes, List<InstalledPackage> out,
            List<String> problems) {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(bytes);
        } catch (IOException | RuntimeException e) {
            problems.add("/" + path + ": not valid JSON (" + firstLine(e) + "); skipped");
            return;
        }
        if (!(json.get("packages") instanceof Map<?, ?> locked)) {
            if (json.get("dependencies") instanceof Map<?, ?> tree) {
                readV1(tree, path, dir, 0, out, problems);
            } else {
                problems.add("/" + path + ": lockfile version " + json.get("lockfileVersion")
                        + " has neither \"packages\" nor \"dependencies\"; skipped");
            }
            return;
        }
        for (Map.Entry<?, ?> e : locked.entrySet()) {
            String key = String.valueOf(e.getKey());
            int at = key.lastIndexOf("node_modules/");
            if (at < 0 || !(e.getValue() instanceof Map<?, ?> entry)) {
                continue; // "" is the project itself; workspaces' own folders are not packages
            }
            if (Boolean.TRUE.equals(entry.get("dev")) || Boolean.TRUE.equals(entry.get("link"))
                    || !(entry.get("version") instanceof String version)) {
                continue;
            }
            String name = entry.get("name") instanceof String n ? n : key.substring(at + "node_modules/".length());
            out.add(pkg(name, version, path, dir, "package-lock.json"));
        }
    }

    /**
     * Lockfile version 1 (npm 5 and 6): the {@code dependencies} tree, each entry's own {@code dependencies} nested
     * in it; development-only entries left out, and so are those whose version is no registry version (a git, file
     * or alias specifier).
     */
    private static void readV1(Map<?, ?> tree, String path, String dir, int depth, List<InstalledPackage> out,
            List<String> problems) {
        if (depth > MAX_V1_DEPTH) {
            problems.add("/" + path + ": dependencies nested deeper than " + MAX_V1_DEPTH + "; the rest not read");
            return;
        }
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> entry) || Boolean.TRUE.equals(entry.get("dev"))) {
                continue;
            }
            if (entry.get("version") instanceof String version && !version.isBlank() && !version.contains(":")
                    && !version.contains("/")) {
                out.add(pkg(String.valueOf(e.getKey()), version.strip(), path, dir, "package-lock.json"));
            }
            if (entry.get("dependencies") instanceof Map<?, ?> nested) {
                readV1(nested, path, dir, depth + 1, out, problems);
            }
        }
    }

    private static InstalledPackage pkg(String name, String version, String path, String app, String evidence) {
        String purl = AppPackageUrls.of(PackageType.NPM, name, version);
        return InstalledPackage.application(PackageType.NPM, name, version,
                new AppLocation(path, app, evidence, "high", null, purl));
    }

    /** The directory holding the outermost {@code node_modules} of {@code path} (empty for the root). */
    static String application(String path) {
        int at = path.startsWith("node_modules/") ? 0 : path.indexOf("/node_modules/") + 1;
        return at == 0 ? "" : path.substring(0, at - 1);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
