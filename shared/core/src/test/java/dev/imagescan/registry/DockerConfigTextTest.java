package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link DockerConfig#parse}: the {@code auths} of a config.json-style document held in a secret, with every form of
 * entry Docker writes, and the refusals (helpers that cannot run there, text that is no such document), none of which
 * shows a credential.
 */
class DockerConfigTextTest {
    private static final String SOURCE = "secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbCdEf";

    @Test
    void everyFormOfAnAuthsEntry() {
        String auth = Base64.getEncoder().encodeToString("ci-robot:s3cr:et".getBytes(StandardCharsets.UTF_8));
        DockerConfig config = DockerConfig.parse(SOURCE, "{\"auths\":{"
                + "\"registry.example.com\":{\"auth\":\"" + auth + "\"},"
                + "\"https://Other.Example:5000/v2/\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"https://index.docker.io/v1/\":{\"identitytoken\":\"refresh-1\"},"
                + "\"harbor.example\":{\"registrytoken\":\"eyJhbGciOi.x.y\"}}}");

        assertThat(config.find("registry.example.com")).contains(new Credentials("ci-robot", "s3cr:et"));
        assertThat(config.find("other.example:5000")).as("URL keys as Docker writes them")
                .contains(new Credentials("u", "p"));
        assertThat(config.find(ImageReference.DOCKER_HUB)).map(Credentials::isIdentityToken).contains(true);
        assertThat(config.find("harbor.example")).contains(Credentials.registryToken("eyJhbGciOi.x.y"));
        assertThat(config.find("unknown.example")).isEqualTo(Optional.empty());
    }

    @Test
    void helpersAndTextOfAnotherFormAreRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> DockerConfig.parse(SOURCE, "{\"auths\":{},\"credsStore\":\"ecr-login\"}"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("cannot run here");
        assertThatThrownBy(() -> DockerConfig.parse(SOURCE, "{\"credHelpers\":{\"a.example\":\"pass\"},"
                + "\"auths\":{}}")).isInstanceOf(RegistryException.class).hasMessageContaining(SOURCE);
        for (String text : new String[] {"user:hunter2", "{\"hunter2\":1}", "[\"hunter2\"]", ""}) {
            assertThatThrownBy(() -> DockerConfig.parse(SOURCE, text)).as(text)
                    .isInstanceOf(RegistryException.class).hasMessageContaining(SOURCE).hasMessageContaining("auths")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
        assertThatThrownBy(() -> DockerConfig.parse(SOURCE, "{\"auths\":{\"a.example\":{\"auth\":\"!!\"}}}")
                .find("a.example")).isInstanceOf(RegistryException.class).hasMessageContaining("not base64");
    }
}
