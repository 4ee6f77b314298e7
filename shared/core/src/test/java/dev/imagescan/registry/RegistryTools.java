package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.fail;

import dev.imagescan.testing.registry.LocalRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Registry tests need docker-registry and skopeo: skipped where they are missing, but failed on CI (CI is set). */
final class RegistryTools {
    private RegistryTools() {}

    static void assumeInstalled() {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    }
}
