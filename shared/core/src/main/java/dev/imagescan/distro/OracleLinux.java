package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Oracle Linux: {@code oracle-release} ({@code enterprise-release} on Oracle Linux 5, whose line says "Enterprise
 * Linux Enterprise Linux"), trusted before the Red Hat-worded {@code redhat-release} it also ships; rpm packages under
 * the {@code oracle} namespace. Its advisories are not read yet; its support dates are known.
 */
final class OracleLinux implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "5", LocalDate.of(2017, 6, 30),
            "6", LocalDate.of(2021, 3, 31),
            "7", LocalDate.of(2024, 12, 31),
            "8", LocalDate.of(2029, 7, 31),
            "9", LocalDate.of(2032, 6, 30));

    @Override
    public List<String> ids() {
        return List.of("ol");
    }

    /**
     * Oracle's own ELSA OVAL, imported by {@code vulndb.oracle} into {@code Oracle Linux:<major>} (and
     * {@code :ksplice}, {@code :fips} under it for those package flavors).
     */
    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Oracle Linux:", true));
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/oracle-release"), ReleaseFile.releaseLine("etc/enterprise-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("oracle linux", "ol"), ReleaseLine.of("enterprise linux enterprise linux", "ol"));
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("oracle linux", "ol", "oraclelinux", "ol");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public String purlNamespace(String id) {
        return "oracle";
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
