package dev.imagescan.distro;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ubuntu: {@code lsb-release} on images without os-release (12.04), deb packages, advisories in every
 * {@code Ubuntu:<major.minor>} ecosystem ({@code Ubuntu:22.04:LTS} …) but not the {@code Ubuntu:Pro:…} ones, which
 * cover ESM packages a plain image does not have; support until the end of standard support.
 */
final class Ubuntu implements Distribution {
    private static final Map<String, LocalDate> END_OF_LIFE = Map.of(
            "14.04", LocalDate.of(2019, 4, 30),
            "16.04", LocalDate.of(2021, 4, 30),
            "18.04", LocalDate.of(2023, 5, 31),
            "20.04", LocalDate.of(2025, 5, 31),
            "22.04", LocalDate.of(2027, 6, 1),
            "24.04", LocalDate.of(2029, 5, 31));

    @Override
    public List<String> ids() {
        return List.of("ubuntu");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.lsb("etc/lsb-release"));
    }

    @Override
    public Map<String, String> codenames() {
        return Map.of("xenial", "16.04", "bionic", "18.04", "focal", "20.04", "jammy", "22.04", "noble", "24.04");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APT;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Ubuntu:", true));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.MAJOR_MINOR;
    }

    @Override
    public Map<String, LocalDate> endOfLifeDates() {
        return END_OF_LIFE;
    }
}
