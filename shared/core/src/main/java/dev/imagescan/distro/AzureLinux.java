package dev.imagescan.distro;

import java.util.List;
import java.util.Map;

/**
 * Azure Linux, formerly CBL-Mariner ({@code mariner} up to 2.0, {@code azurelinux} from 3.0): known from os-release
 * only, rpm packages under the ID as namespace; Trivy writes {@code cbl-mariner}. Its advisories are not read yet.
 */
final class AzureLinux implements Distribution {

    @Override
    public List<String> ids() {
        return List.of("mariner", "azurelinux");
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("cbl-mariner", "mariner");
    }

    @Override
    public PackageManager packageManager() {
        return PackageManager.YUM;
    }
}
