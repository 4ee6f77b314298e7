package dev.imagescan.analyzer.app;

import dev.imagescan.analyzer.rpm.RpmAnalyzer;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmFileLists;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The files an OS package manager installed, so an application analyzer leaves them to the OS package they belong
 * to (Debian's {@code python3-urllib3} is matched against Debian's advisories, not again as a PyPI package): dpkg's
 * {@code var/lib/dpkg/info/*.list}, apk's {@code F:}/{@code R:} lines of {@code lib/apk/db/installed}, and the file
 * lists of the rpm database's headers ({@link RpmFileLists}; read once per database however many analyzers ask).
 */
public final class OwnedFiles {
    static final String DPKG_INFO = "var/lib/dpkg/info";
    static final String APK_INSTALLED = "lib/apk/db/installed";
    private static final long MAX_BYTES = 64L << 20;

    /** The requests every application analyzer adds to its own: the same objects, so they are asked for once. */
    public static final List<FileRequest> REQUESTS = requests();
    /** The rpm file lists last read, by the database file they came from (an analyzer per ecosystem asks). */
    private static final Map<CapturedFile, Set<String>> RPM = Collections.synchronizedMap(new WeakHashMap<>());

    private final Set<String> paths;
    private final Set<String> rpm;

    private OwnedFiles(Set<String> paths, Set<String> rpm) {
        this.paths = paths;
        this.rpm = rpm;
    }

    private static List<FileRequest> requests() {
        List<FileRequest> requests = new ArrayList<>();
        requests.add(FileRequest.filesIn(DPKG_INFO, name -> name.endsWith(".list"), MAX_BYTES));
        requests.add(FileRequest.file(APK_INSTALLED, MAX_BYTES));
        requests.addAll(RpmAnalyzer.REQUESTS);
        return List.copyOf(requests);
    }

    /** The files the OS package managers of {@code files} say they installed. */
    public static OwnedFiles of(FileView files, ScratchSpace scratch) {
        Set<String> paths = new HashSet<>();
        for (String name : files.list(DPKG_INFO)) {
            if (name.endsWith(".list")) {
                files.file(DPKG_INFO + "/" + name).ifPresent(f -> addLines(paths, f));
            }
        }
        files.file(APK_INSTALLED).ifPresent(f -> addApk(paths, f));
        Set<String> rpm = RpmAnalyzer.database(files).flatMap(files::file).map(db -> rpmFiles(db, scratch))
                .orElse(Set.of());
        return new OwnedFiles(paths, rpm);
    }

    private static Set<String> rpmFiles(CapturedFile db, ScratchSpace scratch) {
        Set<String> known = RPM.get(db);
        if (known != null) {
            return known;
        }
        Set<String> read;
        try {
            read = Set.copyOf(RpmFileLists.read(db.file(scratch)));
        } catch (RpmDatabaseException e) {
            read = Set.of(); // the rpm analyzer fails the scan on it, or a later layer replaces it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RPM.put(db, read);
        return read;
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
        return paths.contains(path) || rpm.contains(path);
    }
}
