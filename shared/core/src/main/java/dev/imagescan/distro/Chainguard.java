package dev.imagescan.distro;

import java.util.List;
import java.util.Optional;

/**
 * Chainguard OS, the rolling distribution of Chainguard's enterprise images: known from os-release
 * ({@code ID=chainguard}), apk packages under the {@code chainguard} namespace, one rolling release (its VERSION_ID
 * is a build date). Advisories in OSV's {@code Chainguard} ecosystem, without a release.
 */
final class Chainguard implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("chainguard");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APK;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Chainguard", false));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.ROLLING;
    }
}
