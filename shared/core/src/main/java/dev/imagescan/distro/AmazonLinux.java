package dev.imagescan.distro;

import java.util.List;
import java.util.Map;

/**
 * Amazon Linux (the AMI, 2 and 2023): {@code system-release}, which Red Hat relatives have too as a link to their own
 * file, so it is trusted after theirs; rpm packages under the {@code amazon} namespace. Its advisories are not read yet.
 */
final class AmazonLinux implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("amzn");
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
