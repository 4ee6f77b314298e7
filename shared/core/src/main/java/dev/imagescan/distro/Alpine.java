package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alpine Linux: {@code alpine-release} (a bare version), apk packages, advisories in {@code Alpine:v<major.minor>},
 * support until the end of the main repository's two years.
 */
final class Alpine implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.ofEntries(
            Map.entry("3.3", LocalDate.of(2017, 11, 1)),
            Map.entry("3.4", LocalDate.of(2018, 5, 1)),
            Map.entry("3.5", LocalDate.of(2018, 11, 1)),
            Map.entry("3.6", LocalDate.of(2019, 5, 1)),
            Map.entry("3.7", LocalDate.of(2019, 11, 1)),
            Map.entry("3.8", LocalDate.of(2020, 5, 1)),
            Map.entry("3.9", LocalDate.of(2020, 11, 1)),
            Map.entry("3.10", LocalDate.of(2021, 5, 1)),
            Map.entry("3.11", LocalDate.of(2021, 11, 1)),
            Map.entry("3.12", LocalDate.of(2022, 5, 1)),
            Map.entry("3.13", LocalDate.of(2022, 11, 1)),
            Map.entry("3.14", LocalDate.of(2023, 5, 1)),
            Map.entry("3.15", LocalDate.of(2023, 11, 1)),
            Map.entry("3.16", LocalDate.of(2024, 5, 23)),
            Map.entry("3.17", LocalDate.of(2024, 11, 22)),
            Map.entry("3.18", LocalDate.of(2025, 5, 9)),
            Map.entry("3.19", LocalDate.of(2025, 11, 1)),
            Map.entry("3.20", LocalDate.of(2026, 4, 1)),
            Map.entry("3.21", LocalDate.of(2026, 11, 1)),
            Map.entry("3.22", LocalDate.of(2027, 5, 1)));

    @Override
    public List<String> ids() {
        return List.of("alpine");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.version("etc/alpine-release", "alpine", "[0-9][0-9A-Za-z._-]*"));
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APK;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Alpine:v", false));
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
