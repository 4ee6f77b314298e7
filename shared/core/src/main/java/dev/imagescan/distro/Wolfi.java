package dev.imagescan.distro;

import java.util.List;
import java.util.Optional;

/**
 * Wolfi, the rolling "undistro" behind Chainguard's images: known from os-release ({@code ID=wolfi}), apk
 * packages under the {@code wolfi} namespace, one rolling release (its VERSION_ID is a build date).
 * Advisories in OSV's {@code Wolfi} ecosystem, without a release.
 */
final class Wolfi implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("wolfi");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.APK;
    }

    @Override
    public Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.of(new AdvisoryEcosystem("Wolfi", false));
    }

    @Override
    public ReleaseScheme releaseScheme() {
        return ReleaseScheme.ROLLING;
    }
}
