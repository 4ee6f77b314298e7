package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's config.json as {@code docker login} and credential helpers leave it; the helpers are real scripts. */
class DockerConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsAuthsAsDockerWritesThem() throws IOException {
        String auth = Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\": {"
                + "\"https://index.docker.io/v1/\": {\"auth\": \"" + auth + "\"},"
                + "\"registry.example.com:5000\": {\"username\": \"bob\", \"password\": \"pw\"},"
                + "\"https://ghcr.io\": {\"identitytoken\": \"refresh-me\"}}}");

        DockerConfig docker = DockerConfig.load(config);

        assertThat(docker.find("docker.io")).contains(new Credentials("alice", "s3cr:et"));
        assertThat(docker.find("registry.example.com:5000")).contains(new Credentials("bob", "pw"));
        assertThat(docker.find("ghcr.io").orElseThrow().isIdentityToken()).isTrue();
        assertThat(docker.find("quay.io")).isEmpty();
    }

    @Test
    void asksCredentialHelpersThroughTheirProtocol() throws IOException {
        Path helper = script("helper", """
                #!/bin/sh
                read url
                if [ "$url" = "private.example.com" ]; then
                  printf '{"ServerURL":"%s","Username":"carol","Secret":"from-helper"}' "$url"
                else
                  echo "credentials not found in native keychain"; exit 1
                fi
                """);
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"credHelpers\": {\"private.example.com\": \"mine\"}, \"credsStore\": \"mine\", \"auths\": {}}");

        DockerConfig docker = DockerConfig.load(config, name -> List.of(helper.toString(), "get"));

        assertThat(docker.find("private.example.com")).contains(new Credentials("carol", "from-helper"));
        assertThat(docker.find("other.example.com")).isEmpty();
    }

    @Test
    void aFailingHelperIsAClearError() throws IOException {
        Path helper = script("broken", "#!/bin/sh\necho 'keychain locked' >&2\nexit 3\n");
        Path config = Files.writeString(dir.resolve("config.json"), "{\"credsStore\": \"desktop\"}");

        DockerConfig docker = DockerConfig.load(config, name -> List.of(helper.toString(), "get"));

        assertThatThrownBy(() -> docker.find("x.example.com")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("exit 3").hasMessageContaining("keychain locked");
    }

    @Test
    void aConfigThatIsNotJsonIsAClearError() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{auths");

        assertThatThrownBy(() -> DockerConfig.load(config)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("not a Docker config.json");
    }

    private Path script(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
