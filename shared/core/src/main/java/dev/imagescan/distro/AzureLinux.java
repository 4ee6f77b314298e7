package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure Linux, formerly CBL-Mariner ({@code mariner} up to 2.0, {@code azurelinux} from 3.0): known from os-release
 * only, rpm packages under the ID as namespace; Trivy writes {@code cbl-mariner}. Advisories in OSV's
 * {@code Azure Linux:<major>} for both names ({@code Azure Linux:2} is CBL-Mariner 2.0).
 */
final class AzureLinux implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("mariner", "azurelinux");
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("cbl-mariner", "mariner");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Azure Linux:", false));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.MAJOR;
    }

    /** CBL-Mariner 2.0's end of life as Microsoft announced it; Azure Linux 3.0's is not recorded here yet. */
    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return Map.of("2", LocalDate.of(2025, 7, 31));
    }
}
