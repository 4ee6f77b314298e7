package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CentOS Linux and CentOS Stream: {@code centos-release}, rpm packages, RHEL's advisories (CentOS is rebuilt from
 * RHEL sources with the same versions, as Trivy and Grype also treat it) but support dates of its own (CentOS 8 ended
 * years before RHEL 8).
 */
final class CentOs implements Distribution {
    /** {@code CentOS Stream release 9}: the major version only. */
    private static final Pattern STREAM = Pattern.compile("^CentOS Stream release\\s+([0-9]+)");
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "5", LocalDate.of(2017, 3, 31),
            "6", LocalDate.of(2020, 11, 30),
            "7", LocalDate.of(2024, 6, 30),
            "8", LocalDate.of(2021, 12, 31));

    @Override
    public List<String> ids() {
        return List.of("centos");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/centos-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(new ReleaseLine("centos", "centos", STREAM));
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
