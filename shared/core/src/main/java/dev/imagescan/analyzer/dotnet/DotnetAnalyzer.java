package dev.imagescan.analyzer.dotnet;

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
 * .NET applications: every {@code *.deps.json} the .NET SDK writes beside an application's main assembly, whose
 * {@code libraries} of type {@code package} are the NuGet packages the application runs with, and of type
 * {@code runtimepack} the .NET runtime a self-contained application carries ({@code
 * Microsoft.NETCore.App.Runtime.linux-x64}, named as NuGet and its advisories name it); the {@code project} entries
 * are the application's own assemblies, and {@code reference} ones the framework's. A package whose entry in the
 * runtime target lists no {@code runtime}, {@code runtimeTargets} or {@code native} assets is left out: it was needed
 * to compile, and none of its code is deployed (as Trivy reads it). The application is the {@code deps.json} file.
 * Files an OS package installed (the .NET runtime's own {@code Microsoft.NETCore.App.deps.json}) are left to it.
 */
public final class DotnetAnalyzer implements PackageAnalyzer {
    static final Predicate<String> FILES = p -> p.endsWith(".deps.json") && p.length() > ".deps.json".length()
            && p.charAt(p.length() - ".deps.json".length() - 1) != '/';
    private static final long MAX_BYTES = 16L << 20;
    private static final FileRequest REQUEST = FileRequest.matching("**/*.deps.json", FILES, MAX_BYTES);
    /** The prefix the SDK gives a self-contained application's runtime packs in {@code libraries}. */
    private static final String RUNTIME_PACK = "runtimepack.";

    @Override
    public String name() {
        return "dotnet";
    }

    @Override
    public int version() {
        return 2;
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

    /** The NuGet packages of one {@code deps.json}. */
    static void read(String path, byte[] json, List<InstalledPackage> out, List<String> problems) {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            problems.add("/" + path + ": not valid JSON (" + firstLine(e.getMessage()) + "); skipped");
            return;
        }
        if (root == null || !(root.get("libraries") instanceof Map<?, ?> libraries)) {
            problems.add("/" + path + ": no \"libraries\" object; skipped");
            return;
        }
        Map<?, ?> target = runtimeTarget(root);
        for (Map.Entry<?, ?> e : libraries.entrySet()) {
            String key = String.valueOf(e.getKey());
            int slash = key.lastIndexOf('/');
            if (!(e.getValue() instanceof Map<?, ?> library) || !(library.get("type") instanceof String type)
                    || !(type.equalsIgnoreCase("package") || type.equalsIgnoreCase("runtimepack"))) {
                continue;
            }
            if (slash <= 0 || slash == key.length() - 1) {
                problems.add("/" + path + ": library \"" + key + "\" is not Name/Version; skipped");
                continue;
            }
            if (target != null && target.get(key) instanceof Map<?, ?> assets && !hasRuntimeAssets(assets)) {
                continue; // compile-time only: its assemblies are not deployed with the application
            }
            String name = key.substring(0, slash);
            if (name.startsWith(RUNTIME_PACK)) {
                name = name.substring(RUNTIME_PACK.length());
            }
            String version = key.substring(slash + 1);
            out.add(InstalledPackage.application(PackageType.NUGET, name, version, new AppLocation(path, path,
                    "deps.json", "high", null, AppPackageUrls.of(PackageType.NUGET, name, version))));
        }
    }

    /** The libraries of the target the application runs on ({@code runtimeTarget.name}); null when not there. */
    private static Map<?, ?> runtimeTarget(Map<String, Object> root) {
        if (root.get("runtimeTarget") instanceof Map<?, ?> runtime && runtime.get("name") instanceof String name
                && root.get("targets") instanceof Map<?, ?> targets && targets.get(name) instanceof Map<?, ?> t) {
            return t;
        }
        return null;
    }

    private static boolean hasRuntimeAssets(Map<?, ?> library) {
        return List.of("runtime", "runtimeTargets", "native").stream()
                .anyMatch(k -> library.get(k) instanceof Map<?, ?> m && !m.isEmpty());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
