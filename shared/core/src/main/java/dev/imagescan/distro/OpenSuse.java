package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * openSUSE (Leap, Tumbleweed, and the plain {@code opensuse} ID of old releases): known from os-release only, rpm
 * packages under the {@code opensuse} namespace; Trivy writes {@code opensuse.leap}. Advisories in OSV's
 * {@code openSUSE:Leap <major.minor>} and, for the rolling Tumbleweed (whose VERSION_ID is a date),
 * {@code openSUSE:Tumbleweed} ({@link ReleaseScheme#OPENSUSE}).
 */
final class OpenSuse implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("opensuse-leap", "opensuse-tumbleweed", "opensuse");
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("opensuse.leap", "opensuse-leap", "opensuse.tumbleweed", "opensuse-tumbleweed");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public String purlNamespace(String id) {
        return "opensuse";
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("openSUSE:", false));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.OPENSUSE;
    }

    /** Leap's end of life as openSUSE announced it; Tumbleweed, rolling, has none. */
    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return Map.of("Leap 15.4", LocalDate.of(2023, 12, 7), "Leap 15.5", LocalDate.of(2024, 12, 31));
    }
}
