package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VMware Photon OS: known from os-release ({@code ID=photon}), rpm packages (tdnf, yum-compatible) under the
 * {@code photon} namespace. Advisories in OSV's {@code Photon OS:<major.minor>} ({@code Photon OS:5.0}).
 */
final class PhotonOs implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("photon");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Photon OS:", false));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.MAJOR_MINOR;
    }

    /** Photon OS 3.0's end of life as VMware announced it; the later releases' are not recorded here yet. */
    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return Map.of("3.0", LocalDate.of(2024, 3, 1));
    }
}
