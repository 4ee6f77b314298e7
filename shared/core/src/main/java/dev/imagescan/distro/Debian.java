package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian: {@code debian_version} (which every Debian derivative keeps, so it is trusted last), deb packages, advisories
 * in {@code Debian:<major>} (DSAs, DLAs and the per-CVE DEBIAN-CVE records), support until the end of LTS.
 */
final class Debian implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "7", LocalDate.of(2018, 5, 31),
            "8", LocalDate.of(2020, 6, 30),
            "9", LocalDate.of(2022, 6, 30),
            "10", LocalDate.of(2024, 6, 30),
            "11", LocalDate.of(2026, 8, 31),
            "12", LocalDate.of(2028, 6, 30),
            "13", LocalDate.of(2030, 6, 30));

    @Override
    public List<String> ids() {
        return List.of("debian");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.version("etc/debian_version", "debian", "(?s).+"));
    }

    @Override
    public Map<String, String> codenames() {
        return Map.of("wheezy", "7", "jessie", "8", "stretch", "9", "buster", "10", "bullseye", "11", "bookworm", "12",
                "trixie", "13");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APT;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Debian:", false));
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
