package dev.imagescan.testing.aws;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a container through Testcontainers. The image is pinned to the last release that runs without an
 * account ({@code -Dimagescan.localstack.image} picks another; {@code LOCALSTACK_AUTH_TOKEN} is passed on if set).
 */
final class LocalStackBackend {
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    private LocalStackBackend() {}

    /** Whether Testcontainers finds a Docker engine it can use. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Backend start() {
        String image = System.getProperty("imagescan.localstack.image", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("s3", "dynamodb", "sqs", "events");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        var endpoint = container.getEndpoint();
        return new Backend("LocalStack (" + image + ", Docker)", true, endpoint, endpoint, endpoint,
                container.getRegion(), container.getAccessKey(), container.getSecretKey(), true, true, endpoint, null,
                container::stop);
    }
}
