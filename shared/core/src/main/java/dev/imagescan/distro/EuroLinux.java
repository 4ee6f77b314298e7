package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EuroLinux (Euro-Linux's rebuild of RHEL): {@code el-release} ({@code EuroLinux release 9.0 (Sarajevo)}, which
 * {@code redhat-release} and {@code system-release} link to), os-release {@code ID="eurolinux"}. No advisory feed of
 * its own: RHEL's advisories of the same major release, as for {@link CentOs}. Support dates: those of RHEL's
 * maintenance support for 6 and 7, which EuroLinux followed; none listed for 8 and 9.
 */
final class EuroLinux implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "6", LocalDate.of(2020, 11, 30),
            "7", LocalDate.of(2024, 6, 30));

    @Override
    public List<String> ids() {
        return List.of("eurolinux");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/el-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("eurolinux", "eurolinux"));
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(Rhel.ADVISORIES);
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
