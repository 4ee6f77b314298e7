package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rocky Linux: {@code rocky-release}, rpm packages, advisories in {@code Rocky Linux:<major>}. */
final class RockyLinux implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "8", LocalDate.of(2029, 5, 31),
            "9", LocalDate.of(2032, 5, 31));

    @Override
    public List<String> ids() {
        return List.of("rocky");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/rocky-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("rocky linux", "rocky"));
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Rocky Linux:", false));
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
