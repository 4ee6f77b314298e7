package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.common.ImageScanException;
import dev.imagescan.registry.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The credential a job carries for its registry (Harbor's) becomes the pull's: a robot account's user and password,
 * or a registry token sent as it is.
 */
class RegistryImagesCredentialTest {
    private static final String IMAGE = "harbor.example:8443/library/app@sha256:" + "a".repeat(64);

    @Test
    void aBasicValueGivesUserAndPassword() {
        String value = "Basic " + Base64.getEncoder().encodeToString(
                "robot$scanner:pa:ss".getBytes(StandardCharsets.UTF_8));
        Credentials c = RegistryImages.givenCredentials(value, IMAGE);
        assertThat(c.username()).isEqualTo("robot$scanner");
        assertThat(c.secret()).as("a colon in the password stays").isEqualTo("pa:ss");
        assertThat(RegistryImages.givenCredentials("basic  " + value.substring(6), IMAGE)).isEqualTo(c);
        assertThat(c.isRegistryToken()).isFalse();
    }

    @Test
    void aBearerValueIsARegistryTokenSentAsItIs() {
        Credentials c = RegistryImages.givenCredentials("Bearer eyJ0eXAi.eyJpc3Mi.c2ln", IMAGE);
        assertThat(c.isRegistryToken()).isTrue();
        assertThat(c.secret()).isEqualTo("eyJ0eXAi.eyJpc3Mi.c2ln");
        assertThat(RegistryImages.givenCredentials("bearer   abc", IMAGE)).isEqualTo(Credentials.registryToken("abc"));
        assertThat(c.toString()).doesNotContain("eyJ");
    }

    @Test
    void otherValuesAreRefusedWithoutShowingThem() {
        for (String value : new String[] {"Negotiate abc.def", "Basic !!!", "Basic " + Base64.getEncoder()
                .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)), "Basic", "Bearer"}) {
            assertThatThrownBy(() -> RegistryImages.givenCredentials(value, IMAGE)).as(value)
                    .isInstanceOf(ImageScanException.class).hasMessageContaining(IMAGE)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretOf(value)));
        }
    }

    private static String secretOf(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? "\u0000" : value.substring(space + 1);
    }
}
