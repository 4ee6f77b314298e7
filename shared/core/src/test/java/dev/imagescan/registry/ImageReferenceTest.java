package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io, library/alpine, latest, docker.io/library/alpine:latest",
        "alpine:3.20, docker.io, library/alpine, 3.20, docker.io/library/alpine:3.20",
        "bitnami/redis:7, docker.io, bitnami/redis, 7, docker.io/bitnami/redis:7",
        "docker.io/alpine, docker.io, library/alpine, latest, docker.io/library/alpine:latest",
        "index.docker.io/library/alpine:3, docker.io, library/alpine, 3, docker.io/library/alpine:3",
        "localhost/app, localhost, app, latest, localhost/app:latest",
        "localhost:5000/team/app:v1.2-rc_3, localhost:5000, team/app, v1.2-rc_3, localhost:5000/team/app:v1.2-rc_3",
        "ghcr.io/org/sub/app:1, ghcr.io, org/sub/app, 1, ghcr.io/org/sub/app:1",
        "127.0.0.1:5000/a__b/c-d.e:x, 127.0.0.1:5000, a__b/c-d.e, x, 127.0.0.1:5000/a__b/c-d.e:x",
    })
    void resolvesWithDockerHubsDefaults(String text, String registry, String repository, String tag, String full) {
        ImageReference ref = ImageReference.parse(text);

        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isNull();
        assertThat(ref).hasToString(full);
    }

    @Test
    void digestWithOrWithoutTag() {
        String hex = "a".repeat(64);
        ImageReference byDigest = ImageReference.parse("alpine@sha256:" + hex);
        ImageReference both = ImageReference.parse("quay.io/x/y:1@sha256:" + hex);

        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.manifestReference()).isEqualTo("sha256:" + hex);
        assertThat(both.tag()).isEqualTo("1");
        assertThat(both.manifestReference()).isEqualTo("sha256:" + hex);
        assertThat(both).hasToString("quay.io/x/y:1@sha256:" + hex);
    }

    @Test
    void dockerHubIsServedFromItsApiHost() {
        assertThat(ImageReference.parse("alpine").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("ghcr.io/a/b").apiHost()).isEqualTo("ghcr.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Alpine", "alpine:", "alpine:-x", "alpine@sha256:abc", "a//b", "-a/b", "a/b:t:u",
        "ghcr.io/org/App", "alpine@md5:d41d8cd98f00b204e9800998ecf8427e"})
    void refusesWhatIsNoReference(String text) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("image reference");
    }
}
