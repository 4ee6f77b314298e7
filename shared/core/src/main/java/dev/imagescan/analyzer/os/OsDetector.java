package dev.imagescan.analyzer.os;

import dev.imagescan.distro.Distributions;
import dev.imagescan.distro.ReleaseFile;
import dev.imagescan.distro.ReleaseLine;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.layer.CapturedFile;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.FileView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the distribution and its version. The family comes from os-release's {@code ID} ({@code /etc/os-release},
 * else {@code /usr/lib/os-release}); without os-release, from the most trusted release file that names one (the
 * families' {@link Distributions#releaseFiles()}, in order). The version is the most precise one the image states for
 * that family: {@code debian_version} 12.7 over os-release's 12, {@code centos-release} 7.9.2009 over 7. An Ubuntu
 * image whose Pro client has ESM enabled is marked as getting extended support ({@link UbuntuPro}).
 */
public final class OsDetector {
    static final String ETC_OS_RELEASE = "etc/os-release";
    static final String USR_OS_RELEASE = "usr/lib/os-release";
    private static final long MAX_BYTES = 64 * 1024;
    private static final long MAX_PRO_STATUS_BYTES = 1024 * 1024;

    /** 2: the content manifests' content sets ({@link ContentManifests}) and the Ubuntu Pro status file. */
    public int version() {
        return 2; // the requests are part of the layer cache key too: the Pro client's status file changed them
    }

    public List<FileRequest> requests() {
        List<FileRequest> requests = new ArrayList<>();
        requests.add(FileRequest.file(ETC_OS_RELEASE, MAX_BYTES));
        requests.add(FileRequest.file(USR_OS_RELEASE, MAX_BYTES));
        for (ReleaseFile f : Distributions.releaseFiles()) {
            requests.add(FileRequest.file(f.path(), MAX_BYTES));
        }
        requests.add(FileRequest.file(UbuntuPro.STATUS_FILE, MAX_PRO_STATUS_BYTES));
        requests.add(ContentManifests.request());
        return requests;
    }

    public OperatingSystem detect(FileView files) {
        String osReleasePath = ETC_OS_RELEASE;
        Optional<CapturedFile> osReleaseFile = files.file(ETC_OS_RELEASE);
        if (osReleaseFile.isEmpty()) {
            osReleasePath = USR_OS_RELEASE;
            osReleaseFile = files.file(USR_OS_RELEASE);
        }
        Map<String, String> osRelease = osReleaseFile.map(f -> OsReleaseParser.parse(f.bytes())).orElse(Map.of());
        List<Stated> stated = new ArrayList<>();
        for (ReleaseFile f : Distributions.releaseFiles()) {
            files.file(f.path()).map(c -> ReleaseFileReader.read(f, c.bytes()))
                    .ifPresent(d -> stated.add(new Stated(f, d)));
        }

        String id = osRelease.get("ID");
        if (id != null && !id.isBlank()) {
            String family = rebuildKeepingRhelsId(id.toLowerCase(Locale.ROOT), osRelease.get("NAME"));
            String version = blankToNull(osRelease.get("VERSION_ID"));
            String name = firstNonBlank(osRelease.get("PRETTY_NAME"), osRelease.get("NAME"));
            version = mostPrecise(family, version, stated);
            boolean distroless = name != null && name.toLowerCase(Locale.ROOT).contains("distroless");
            return new OperatingSystem(family, version, name, distroless, "/" + osReleasePath, pro(family, files));
        }
        if (stated.isEmpty()) {
            return OperatingSystem.unknown();
        }
        // the most trusted file: debian_version, on every Debian derivative, comes after the derivative's lsb-release
        Stated first = stated.get(0);
        ReleaseFileReader.Detected d = first.detected();
        return new OperatingSystem(d.family(), d.version(), d.name(), false, "/" + first.file().path(),
                pro(d.family(), files));
    }

    /** Whether an Ubuntu image's Pro client has ESM enabled ({@link UbuntuPro}). */
    private static boolean pro(String family, FileView files) {
        return "ubuntu".equals(family) && files.file(UbuntuPro.STATUS_FILE)
                .map(f -> UbuntuPro.enabledIn(f.bytes())).orElse(false);
    }

    /**
     * The family of an os-release that says {@code ID="rhel"} but names a rebuild of RHEL: Scientific Linux 7.0 to
     * 7.2 shipped {@code NAME="Scientific Linux"} with RHEL's ID (7.3 and later say {@code ID="scientific"}).
     */
    private static String rebuildKeepingRhelsId(String family, String name) {
        if (!family.equals("rhel") || name == null) {
            return family;
        }
        for (ReleaseLine line : Distributions.releaseLines()) {
            if (line.names(name.strip()) && !line.id().equals(family)) {
                return line.id();
            }
        }
        return family;
    }

    /** A release file's version for the same family when it refines os-release's (7 → 7.9.2009). */
    private static String mostPrecise(String family, String version, List<Stated> stated) {
        for (Stated s : stated) {
            ReleaseFileReader.Detected d = s.detected();
            if (!family.equals(d.family()) || d.version() == null) {
                continue;
            }
            if (version == null || d.version().startsWith(version + ".")) {
                return d.version();
            }
        }
        return version;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : blankToNull(b);
    }

    private record Stated(ReleaseFile file, ReleaseFileReader.Detected detected) {}
}
