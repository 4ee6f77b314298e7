package dev.imagescan.distro;

import java.util.List;
import java.util.Map;

/**
 * SUSE Linux Enterprise (Server, Desktop, Micro): known from os-release only, rpm packages under the {@code suse}
 * namespace, which means sles when read back. Its advisories are not read yet.
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
}
