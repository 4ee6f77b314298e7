package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.testing.registry.TokenIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry token ({@link Credentials#registryToken}: what Harbor hands its scanners as {@code Bearer …}) against a
 * real registry that accepts only tokens of its token service: the token goes with every request as it is, the
 * token service is never asked, and a token without pull on the repository is the registry's clear refusal.
 */
class RegistryTokenTest {
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final RegistryOptions LOCAL = RegistryOptions.defaults().withCredentials(CredentialSource.none());

    @TempDir
    Path dir;

    @Test
    void aRegistryTokenIsSentAsItIsAndNeverExchanged() throws IOException {
        RegistryTools.assumeInstalled();
        try (TokenIssuer issuer = new TokenIssuer("robot$scanner", "robot-secret", false);
                LocalRegistry registry = LocalRegistry.token(dir, issuer)) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/library/alpine:3.20.3",
                    "--dest-creds", "robot$scanner:robot-secret");
            String ref = registry.host() + "/library/alpine:3.20.3";
            String pull = issuer.token("library/alpine", "pull");
            int issued = issuer.issued();

            Inventory inventory = scan(ref, Credentials.registryToken(pull));

            assertThat(rows(inventory)).isEqualTo(rows(new ImageScanner(ScanOptions.defaults()).scan(ALPINE)));
            assertThat(issuer.issued()).as("the token service is not asked").isEqualTo(issued);

            String otherRepository = issuer.token("library/busybox", "pull");
            assertThatThrownBy(() -> scan(ref, Credentials.registryToken(otherRepository)))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("rejected the credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherRepository));
            assertThatThrownBy(() -> scan(ref, Credentials.registryToken("not-a-jwt")))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("HTTP 401");
            assertThat(issuer.issued()).as("nor after a refusal").isEqualTo(issued + 1);
        }
    }

    private static Inventory scan(String reference, Credentials credentials) {
        ImageReference ref = ImageReference.parse(reference);
        try (RegistryClient client = new RegistryClient(LOCAL.withCredentials(CredentialSource.of(ref.registry(),
                credentials)))) {
            return new ImageScanner(ScanOptions.defaults()).scan(client.image(ref));
        }
    }

    private static List<String> rows(Inventory inventory) {
        return inventory.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.layer().index())
                .toList();
    }
}
