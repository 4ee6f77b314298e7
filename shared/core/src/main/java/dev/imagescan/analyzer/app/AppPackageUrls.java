package dev.imagescan.analyzer.app;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.imagescan.inventory.PackageType;

/**
 * Package URLs of application packages, per the purl specification's types: {@code pkg:maven/group/artifact@v},
 * {@code pkg:npm/%40scope/name@v}, {@code pkg:pypi/name@v}, {@code pkg:golang/module/path@v}, {@code pkg:gem/name@v},
 * {@code pkg:nuget/Name@v}, {@code pkg:composer/vendor/name@v}, {@code pkg:cargo/name@v}.
 */
public final class AppPackageUrls {
    private AppPackageUrls() {}

    /**
     * The package URL of a package named as its OSV ecosystem names it ({@code group:artifact} for Maven,
     * {@code @scope/name} for npm, the module path for Go); null when the name cannot make one.
     */
    public static String of(PackageType type, String name, String version) {
        String namespace = null;
        String local = name;
        switch (type) {
            case MAVEN -> {
                int colon = name.indexOf(':');
                if (colon > 0) {
                    namespace = name.substring(0, colon);
                    local = name.substring(colon + 1);
                }
            }
            case NPM, GOLANG, COMPOSER -> {
                int slash = name.lastIndexOf('/');
                if (slash > 0) {
                    namespace = name.substring(0, slash);
                    local = name.substring(slash + 1);
                }
            }
            default -> {
                // pypi (the normalised name), gem, nuget, cargo: the name alone
            }
        }
        try {
            return new PackageURL(type.purlType(), namespace, local, version, null, null).canonicalize();
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }
}
