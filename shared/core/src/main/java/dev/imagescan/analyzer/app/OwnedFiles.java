package dev.imagescan.analyzer.app;

import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files an OS package manager installed, so an application analyzer leaves them to the OS package they belong
 * to (Debian's {@code python3-urllib3} is matched against Debian's advisories, not again as a PyPI package): dpkg's
 * {@code var/lib/dpkg/info/*.list} and apk's {@code F:}/{@code R:} lines of {@code lib/apk/db/installed}. rpm's file
 * lists are not read yet.
 */
public final class OwnedFiles {
    static final String DPKG_INFO = "var/lib/dpkg/info";
    static final String APK_INSTALLED = "lib/apk/db/installed";
    private static final long MAX_BYTES = 64L << 20;

    /** The requests every application analyzer adds to its own: the same objects, so they are asked for once. */
    public static final List<FileRequest> REQUESTS = List.of(
            FileRequest.filesIn(DPKG_INFO, name -> name.endsWith(".list"), MAX_BYTES),
            FileRequest.file(APK_INSTALLED, MAX_BYTES));

    private final Set<String> paths;

    private OwnedFiles(Set<String> paths) {
        this.paths = paths;
    }

    /** The files the OS package managers of {@code files} say they installed. */
    public static OwnedFiles of(FileView files) {
        Set<String> paths = new HashSet<>();
        for (String name : files.list(DPKG_INFO)) {
            if (name.endsWith(".list")) {
                files.file(DPKG_INFO + "/" + name).ifPresent(f -> addLines(paths, f));
            }
        }
        files.file(APK_INSTALLED).ifPresent(f -> addApk(paths, f));
        return new OwnedFiles(paths);
    }

    private static void addLines(Set<String> paths, CapturedFile file) {
        for (String line : new String(file.bytes(), StandardCharsets.UTF_8).split("\n")) {
            String p = strip(line);
            if (!p.isEmpty()) {
                paths.add(p);
            }
        }
    }

    private static void addApk(Set<String> paths, CapturedFile file) {
        String dir = "";
        for (String line : new String(file.bytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("F:")) {
                dir = strip(line.substring(2));
            } else if (line.startsWith("R:")) {
                paths.add(dir.isEmpty() ? strip(line.substring(2)) : dir + "/" + strip(line.substring(2)));
            } else if (line.isEmpty()) {
                dir = "";
            }
        }
    }

    private static String strip(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    /**
     * Whether the file {@code path} (from the root, no leading slash) was installed by an OS package. Only the file
     * itself counts: the lists name every directory too ({@code /usr/lib}), which own nothing under them.
     */
    public boolean owns(String path) {
        return paths.contains(path);
    }
}
