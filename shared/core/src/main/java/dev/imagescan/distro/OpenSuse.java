package dev.imagescan.distro;

import java.util.List;
import java.util.Map;

/**
 * openSUSE (Leap, Tumbleweed, and the plain {@code opensuse} ID of old releases): known from os-release only, rpm
 * packages under the {@code opensuse} namespace; Trivy writes {@code opensuse.leap}. Its advisories are not read yet.
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
}
