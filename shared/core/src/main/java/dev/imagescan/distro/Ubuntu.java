package dev.imagescan.distro;

import dev.imagescan.inventory.OperatingSystem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ubuntu: {@code lsb-release} on images without os-release, deb packages, support until the end of standard support.
 * Its advisories come from two feeds of Canonical's ({@link #chooseEcosystems}): the Ubuntu CVE tracker
 * ({@code Ubuntu:<version>:tracker}, every release from 12.04 on, with the tracker's status words) where the database
 * holds the release's, else Canonical's OSV (every {@code Ubuntu:<version>} ecosystem and those under it,
 * {@code Ubuntu:22.04:LTS} …), never both, so that a CVE is not found twice; the {@code Ubuntu:Pro:…} ones cover ESM
 * packages, and apply only to an image with Ubuntu Pro's ESM enabled, whose entries win over the release's own for the
 * same CVE and package (the matcher's rule).
 */
final class Ubuntu implements Distribution {
    /** What the ecosystems of the Ubuntu CVE tracker's data end with (the tracker source names them). */
    static final String TRACKER_SUFFIX = ":tracker";
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "12.04", LocalDate.of(2017, 4, 28),
            "14.04", LocalDate.of(2019, 4, 30),
            "16.04", LocalDate.of(2021, 4, 30),
            "18.04", LocalDate.of(2023, 5, 31),
            "20.04", LocalDate.of(2025, 5, 31),
            "22.04", LocalDate.of(2027, 6, 1),
            "24.04", LocalDate.of(2029, 5, 31));

    @Override
    public List<String> ids() {
        return List.of("ubuntu");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.lsb("etc/lsb-release"));
    }

    @Override
    public Map<String, String> codenames() {
        return Map.of("precise", "12.04", "trusty", "14.04", "xenial", "16.04", "bionic", "18.04", "focal", "20.04",
                "jammy", "22.04", "noble", "24.04");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APT;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Ubuntu:", true));
    }

    /**
     * The tracker's ecosystems of the release ({@code Ubuntu:14.04:tracker}, and {@code Ubuntu:Pro:14.04:tracker} for
     * an image with Ubuntu Pro's ESM, {@link OperatingSystem#extendedSupport()}) when the database holds them; else
     * Canonical's OSV ones: {@code Ubuntu:14.04} and every one under it ({@code Ubuntu:14.04:LTS}) but the tracker's,
     * and for an image with ESM {@code Ubuntu:Pro:14.04} and {@code Ubuntu:Pro:14.04:LTS} (never the FIPS, realtime or
     * other {@code Ubuntu:Pro:<product>:…} ones, builds of their own).
     */
    @Override
    public Optional<List<String>> chooseEcosystems(String release, OperatingSystem os, Set<String> available) {
        boolean pro = os != null && os.extendedSupport();
        String tracker = "Ubuntu:" + release + TRACKER_SUFFIX;
        String proTracker = "Ubuntu:Pro:" + release + TRACKER_SUFFIX;
        if (available.contains(tracker) || pro && available.contains(proTracker)) {
            List<String> chosen = new ArrayList<>();
            for (String e : pro ? List.of(tracker, proTracker) : List.of(tracker)) {
                if (available.contains(e)) {
                    chosen.add(e);
                }
            }
            return Optional.of(chosen);
        }
        List<String> osv = new ArrayList<>();
        for (String e : available) {
            boolean underRelease = e.startsWith("Ubuntu:" + release + ":") && !e.endsWith(TRACKER_SUFFIX);
            boolean proRelease = pro
                    && (e.equals("Ubuntu:Pro:" + release) || e.equals("Ubuntu:Pro:" + release + ":LTS"));
            if (e.equals("Ubuntu:" + release) || underRelease || proRelease) {
                osv.add(e);
            }
        }
        return Optional.of(osv);
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.MAJOR_MINOR;
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
