package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon Linux (the AMI, 2 and 2023): {@code system-release}, which Red Hat relatives have too as a link to their own
 * file, so it is trusted after theirs; rpm packages under the {@code amazon} namespace. Its advisories are Amazon's
 * ALAS, read by {@code vulndb.amazon} from each release's repository ({@code updateinfo.xml}).
 */
final class AmazonLinux implements Distribution {
    /** Amazon's announced ends of support: the AMI on 2023-12-31, 2 on 2026-06-30, 2023 on 2029-06-30. */
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "1", LocalDate.of(2023, 12, 31),
            "2", LocalDate.of(2026, 6, 30),
            "2023", LocalDate.of(2029, 6, 30));

    @Override
    public List<String> ids() {
        return List.of("amzn");
    }

    /**
     * ALAS in {@code Amazon Linux:1}, {@code :2} and {@code :2023} (with {@code :<arch>} under it for a package whose
     * fixed version differs by architecture).
     */
    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Amazon Linux:", true));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.AMAZON;
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/system-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("amazon linux", "amzn"));
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("amazon linux", "amzn");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public String purlNamespace(String id) {
        return "amazon";
    }
}
