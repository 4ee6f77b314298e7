package dev.imagescan.distro;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SUSE Linux Enterprise (Server, Desktop, Micro): known from os-release only, rpm packages under the {@code suse}
 * namespace, which means sles when read back. Advisories in OSV's {@code SUSE:<product> <major> SP<n>}
 * ecosystems, filed per product and module ({@link AdvisoryEcosystem#anyProduct()}); SLE Micro's own numbering
 * ({@code 5.5}) names no SUSE product release this way, so it finds none.
 */
final class SuseLinuxEnterprise implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("sles", "sled", "sle-micro");
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("suse linux enterprise server", "sles", "slem", "sle-micro",
                "suse linux enterprise micro", "sle-micro");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }

    @Override
    public String purlNamespace(String id) {
        return "suse";
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("SUSE:", false, true));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.SERVICE_PACK;
    }
}
