package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scientific Linux (Fermilab's rebuild of RHEL 5 to 7): {@code sl-release} (7), else the
 * {@code Scientific Linux release 6.4 (Carbon)} line of its {@code redhat-release}; os-release says
 * {@code ID="scientific"} from 7.3 on, {@code ID="rhel"} with {@code NAME="Scientific Linux"} before (the detector
 * reads the name then). No advisory feed of its own: RHEL's advisories of the same major release, as for
 * {@link CentOs}; support ended with RHEL's maintenance support of each release.
 */
final class ScientificLinux implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "5", LocalDate.of(2017, 3, 31),
            "6", LocalDate.of(2020, 11, 30),
            "7", LocalDate.of(2024, 6, 30));

    @Override
    public List<String> ids() {
        return List.of("scientific");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/sl-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("scientific linux", "scientific"));
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("scientific linux", "scientific");
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
