package dev.imagescan.analyzer.app;

import dev.imagescan.analyzer.golang.GoBuildInfoReducer;
import dev.imagescan.analyzer.rust.CargoAuditReducer;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one request for executables that the Go and Rust analyzers share, so each ELF file is read once for both: its
 * Go build information ({@code go}) and its cargo-auditable dependency list ({@code cargo}), kept by an
 * {@link ExecutableReducer}. Every file but those that cannot be a program is a candidate: libraries, sources,
 * documentation, kernel trees, and the package databases the OS analyzers keep whole ({@code var/lib},
 * {@code lib/apk}).
 */
public final class Executables {
    /** What a layer keeps of one executable. */
    public static final long MAX_KEPT = 1L << 20;
    public static final Predicate<String> CANDIDATES = Executables::isCandidate;
    /** The request both analyzers list (the same object, asked for once). */
    public static final FileRequest REQUEST = FileRequest.reduced("**/<ELF executables: go, cargo>", CANDIDATES,
            new ExecutableReducer(List.of(new ExecutableReducer.Part("go", new GoBuildInfoReducer()),
                    new ExecutableReducer.Part("cargo", new CargoAuditReducer()))), MAX_KEPT);

    private Executables() {}

    /** Whether the file at {@code path} may be a program. */
    public static boolean isCandidate(String path) {
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
                || ext.equals("jar") || ext.equals("html") || ext.equals("xml") || ext.equals("conf")
                || ext.equals("rb") || ext.equals("gemspec") || ext.equals("php") || ext.equals("dll"));
    }

    /** The part {@code name} of what was kept of the executable at {@code path}; empty when there is none. */
    public static Optional<byte[]> part(FileView files, String path, String name) {
        return files.file(path).filter(f -> f.size() <= MAX_KEPT)
                .map(f -> ExecutableReducer.parts(f.bytes())).map(parts -> parts.get(name));
    }

    /** The SHA-256 of the executable at {@code path}, as its one read computed it; null when not known. */
    public static String sha256(FileView files, String path) {
        return files.file(path).filter(f -> f.size() <= MAX_KEPT).map(f -> ExecutableReducer.sha256(f.bytes()))
                .orElse(null);
    }

    /** Every candidate path the files hold. */
    public static List<String> find(FileView files) {
        return files.find(CANDIDATES);
    }
}
