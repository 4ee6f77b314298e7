package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Red Hat Enterprise Linux: {@code redhat-release} (which its relatives ship too, so it is trusted after theirs), rpm
 * packages under the {@code redhat} namespace, advisories in every {@code Red Hat:enterprise_linux:<major>} ecosystem
 * (baseos, appstream, crb, …), support until the end of maintenance support.
 */
final class Rhel implements Distribution {
    /** RHEL's advisories, which {@link CentOs} uses too. */
    static final AdvisoryEcosystem ADVISORIES = new AdvisoryEcosystem("Red Hat:enterprise_linux:", true);
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "5", LocalDate.of(2017, 3, 31),
            "6", LocalDate.of(2020, 11, 30),
            "7", LocalDate.of(2024, 6, 30),
            "8", LocalDate.of(2029, 5, 31),
            "9", LocalDate.of(2032, 5, 31));

    @Override
    public List<String> ids() {
        return List.of("rhel");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/redhat-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("red hat enterprise linux", "rhel"));
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("red hat enterprise linux", "rhel");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public String purlNamespace(String id) {
        return "redhat";
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(ADVISORIES);
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
