package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** AlmaLinux: {@code almalinux-release}, rpm packages, advisories in {@code AlmaLinux:<major>}; Trivy calls it alma. */
final class AlmaLinux implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "8", LocalDate.of(2029, 3, 1),
            "9", LocalDate.of(2032, 5, 31));

    @Override
    public List<String> ids() {
        return List.of("almalinux");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/almalinux-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("almalinux", "almalinux"));
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("alma", "almalinux");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("AlmaLinux:", false));
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
