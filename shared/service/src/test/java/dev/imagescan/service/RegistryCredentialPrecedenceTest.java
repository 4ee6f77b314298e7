package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.store.RegistryLogins;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which credentials a pull uses: the job's own authorization (Harbor's) over the registry's login (ECR) over the
 * configured registry secret's entry over none; and the secret is asked only when neither of the first two applies.
 */
class RegistryCredentialPrecedenceTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String ECR_ENDPOINT = "ecr-endpoint.example:5000";
    private static final String PRIVATE = "registry.example.com";
    private static final Credentials LOGIN = new Credentials("AWS", "ecr-token");
    private static final Credentials FROM_SECRET = new Credentials("puller", "from-secret");

    private final List<String> loginsAsked = new ArrayList<>();
    private final List<String> secretAsked = new ArrayList<>();
    private final RegistryLogins logins = host -> {
        loginsAsked.add(host);
        return host.equals(ECR) ? Optional.of(new RegistryLogins.Login(ECR_ENDPOINT, LOGIN)) : Optional.empty();
    };
    /** The secret holds entries for every registry here, the ECR one and its endpoint included. */
    private final CredentialSource secret = host -> {
        secretAsked.add(host);
        return Map.of(PRIVATE, FROM_SECRET, ECR, FROM_SECRET, ECR_ENDPOINT, FROM_SECRET).entrySet().stream()
                .filter(e -> e.getKey().equals(host)).map(Map.Entry::getValue).findFirst();
    };
    private final RegistryAccess access = RegistryAccess.of(RegistryAllowList.parse("*"), logins)
            .withCredentials(secret);

    @Test
    void anEcrRegistrysLoginComesBeforeTheSecret() {
        RegistryAccess.Route route = access.route(ECR);
        assertThat(route.endpoint()).isEqualTo(ECR_ENDPOINT);
        assertThat(route.credentials().find(ECR_ENDPOINT)).contains(LOGIN);
        assertThat(route.credentials().find(PRIVATE)).isEmpty();
        assertThat(secretAsked).isEmpty();
    }

    @Test
    void anotherRegistryIsReadAtItselfWithTheSecretsEntryAskedOnlyWhenChallenged() {
        RegistryAccess.Route route = access.route(PRIVATE);
        assertThat(route.endpoint()).isEqualTo(PRIVATE);
        assertThat(secretAsked).as("not read before the registry asks").isEmpty();
        assertThat(route.credentials().find(PRIVATE)).contains(FROM_SECRET);
        assertThat(route.credentials().find("elsewhere.example.com")).isEmpty();
        assertThat(loginsAsked).containsExactly(PRIVATE);
    }

    @Test
    void withoutASecretTheRegistryIsReadAnonymously() {
        RegistryAccess anonymous = RegistryAccess.of(RegistryAllowList.parse("*"), logins);
        RegistryAccess.Route route = anonymous.route(PRIVATE);
        assertThat(route.endpoint()).isEqualTo(PRIVATE);
        assertThat(route.credentials().find(PRIVATE)).isEmpty();
    }

    @Test
    void theJobsOwnAuthorizationComesFirstAndNoLoginIsAskedFor() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("robot$harbor:pw".getBytes(
                StandardCharsets.UTF_8));
        for (String registry : List.of(ECR, PRIVATE)) {
            ImageReference named = ImageReference.parse(registry + "/team/app:1");
            RegistryAccess.Route route = RegistryImages.route(access, named, basic, named.toString());
            assertThat(route.endpoint()).isEqualTo(registry);
            assertThat(route.credentials().find(registry)).contains(new Credentials("robot$harbor", "pw"));
        }
        assertThat(loginsAsked).isEmpty();
        assertThat(secretAsked).isEmpty();

        ImageReference named = ImageReference.parse(PRIVATE + "/team/app:1");
        RegistryAccess.Route without = RegistryImages.route(access, named, null, named.toString());
        assertThat(without.credentials().find(PRIVATE)).contains(FROM_SECRET);
    }
}
