package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthAndRetryTest {

    @Test
    void parsesDockerHubsChallenge() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");

        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.parameter("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.parameter("service")).isEqualTo("registry.docker.io");
        assertThat(c.parameter("scope")).isEqualTo("repository:library/alpine:pull");
    }

    @Test
    void prefersBearerOverBasic() {
        assertThat(AuthChallenge.choose(List.of("Basic realm=\"x\"", "Bearer realm=\"https://a/t\"")).orElseThrow()
                .scheme()).isEqualTo("bearer");
        assertThat(AuthChallenge.choose(List.of("Basic realm=\"x\"")).orElseThrow().scheme()).isEqualTo("basic");
        assertThat(AuthChallenge.choose(List.of("Negotiate"))).isEmpty();
    }

    @Test
    void retryAfterInSecondsOrAsADateAndCapped() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10));
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        assertThat(policy.delay(1, "2", now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(1, "Wed, 01 Jan 2025 00:00:05 GMT", now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(1, "3600", now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(3, null, now)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(policy.delay(1, "soon", now)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void retriesOnlyTooManyRequestsAndServerErrors() {
        assertThat(List.of(429, 500, 502, 503, 504)).allMatch(RetryPolicy::retryable);
        assertThat(List.of(200, 400, 401, 403, 404, 501)).noneMatch(RetryPolicy::retryable);
    }
}
