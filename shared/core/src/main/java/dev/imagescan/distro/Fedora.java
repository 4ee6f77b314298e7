package dev.imagescan.distro;

import java.util.List;

/** Fedora: {@code fedora-release}, rpm packages. Its advisories are not read yet. */
final class Fedora implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("fedora");
    }

    @Override
    public List<ReleaseFile> releaseFiles() {
        return List.of(ReleaseFile.releaseLine("etc/fedora-release"));
    }

    @Override
    public List<ReleaseLine> releaseLines() {
        return List.of(ReleaseLine.of("fedora", "fedora"));
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }
}
