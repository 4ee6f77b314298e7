package dev.imagescan.functions.api;

import static dev.imagescan.functions.api.ScanRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoredPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Routing (404, 405), and failures that are not the client's: 503 for a busy store, 500 for the rest. */
class RoutingAndFailuresTest {
    private final ApiFixture api = new ApiFixture();

    @Test
    void anUnknownPathIs404NamingTheRequest() {
        ApiFixture.Response r = api.get("/foo");

        assertError(r, 404, "no route GET /foo");
        assertThat(r.error()).isEqualTo("not found");
        assertError(api.get("/"), 404, "no route GET /");
        assertError(api.get("/scans/"), 404, "no route GET /scans/");
        assertError(api.get("/images/sha256%3A" + "a".repeat(64) + "/report/extra"), 404, "no route");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        ApiFixture.Response policy = api.call("DELETE", "/policy").send();
        assertError(policy, 405, "DELETE is not allowed on /policy");
        assertThat(policy.header("Allow")).isEqualTo("GET, PUT");

        ApiFixture.Response scans = api.get("/scans");
        assertError(scans, 405, "GET is not allowed on /scans");
        assertThat(scans.header("Allow")).isEqualTo("POST");
        assertThat(api.call("POST", "/images").send().header("Allow")).isEqualTo("GET");
    }

    @Test
    void aStoreThatThrottlesIs503() {
        ApiFixture busy = new ApiFixture(c -> c.withStore(failingHead(
                key -> new StoreException("SlowDown: reduce your request rate", null, true))));
        busy.upload("incoming/app1.tar", 1);

        ApiFixture.Response r = busy.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\"}");

        assertError(r, 503, "retry later");
        assertThat(r.error()).isEqualTo("unavailable");
    }

    @Test
    void anUnexpectedFailureIs500WithTheRequestIdAndNoStackTrace() {
        ApiFixture broken = new ApiFixture(c -> c.withStore(failingHead(
                key -> new IllegalStateException("a bug at " + key))));
        broken.upload("incoming/app1.tar", 1);

        ApiFixture.Response r = broken.postJson("/scans", "{\"objectKey\":\"incoming/app1.tar\"}");

        assertError(r, 500, "request req-");
        assertThat(r.error()).isEqualTo("internal error");
        assertThat(r.message()).contains(r.header("X-Request-Id")).doesNotContain("a bug").doesNotContain("at dev.");
        assertThat(broken.errors.toString(StandardCharsets.UTF_8)).contains("IllegalStateException: a bug at");
        assertThat(broken.log.toString(StandardCharsets.UTF_8)).contains("\"status\":500")
                .contains("\"problem\":\"java.lang.IllegalStateException: a bug at incoming/app1.tar\"");
    }

    @Test
    void aThrottledPolicyStoreIs503EvenWhereAServiceWrapsItsFailure() {
        String digest = api.scanApp(1);
        PolicyStore throttled = new PolicyStore() {
            @Override
            public Optional<StoredPolicy> current() {
                throw new StoreException("ProvisionedThroughputExceededException", null, true);
            }

            @Override
            public Optional<StoredPolicy> revision(long revision) {
                return current();
            }

            @Override
            public StoredPolicy put(String version, byte[] document, long expectedRevision) {
                throw new StoreException("ProvisionedThroughputExceededException", null, true);
            }
        };
        ApiFixture busy = new ApiFixture(c -> new FunctionContext(api.context.settings(), api.context.store(),
                api.context.table(), api.context.queue(), throttled, api.context.completions()));

        assertError(busy.get("/policy"), 503, "retry later");
        assertError(busy.get("/images/" + digest + "/verdict"), 503, "retry later");
        assertError(busy.putJson("/policy", "{\"version\":1}"), 503, "retry later");
        assertThat(busy.errors.toString(StandardCharsets.UTF_8)).as("no stack trace for a busy store").isEmpty();
    }

    private static java.util.function.UnaryOperator<ObjectStore> failingHead(
            Function<String, RuntimeException> failure) {
        return store -> new ForwardingObjectStore(store) {
            @Override
            public Optional<ObjectInfo> head(String key) {
                throw failure.apply(key);
            }
        };
    }
}
