package dev.imagescan.service;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoredPolicy;
import dev.imagescan.store.aws.LocalClients;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.LocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PolicyService} over an {@link S3PolicyStore} on real S3 and DynamoDB APIs. */
class PolicyServiceTest {
    private final LocalAws aws = LocalAws.get();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final AtomicBoolean broken = new AtomicBoolean();
    private PolicyStore store;
    private PolicyService service;

    @BeforeEach
    void resources() {
        ObjectStore objects = new S3ObjectStore(aws.s3(), aws.createBucket());
        S3PolicyStore real = new S3PolicyStore(objects, aws.dynamoDb(), LocalClients.createTable(aws), clock);
        store = new PolicyStore() { // the real store, made unreadable on demand
            @Override
            public Optional<StoredPolicy> current() {
                if (broken.get()) {
                    throw new StoreException("the table is unreachable", null, true);
                }
                return real.current();
            }

            @Override
            public Optional<StoredPolicy> revision(long revision) {
                return real.revision(revision);
            }

            @Override
            public StoredPolicy put(String version, byte[] document, long expectedRevision) {
                return real.put(version, document, expectedRevision);
            }
        };
        service = new PolicyService(store, Duration.ofSeconds(60), clock);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultPolicyAppliesWhileNoneIsStored() {
        assertThat(service.current()).isEqualTo(Policy.defaults());
        assertThat(service.stored()).isEmpty();
    }

    @Test
    void aPutDocumentIsValidatedStoredAndInForceAtOnce() throws Exception {
        service.current();
        StoredPolicy saved = service.put(json("{\"version\": 2, \"blockAt\": \"Medium\"}"), 0L);

        assertThat(saved.revision()).isEqualTo(1);
        assertThat(saved.version()).isEqualTo("2");
        assertThat(service.current().version()).isEqualTo("2");
        assertThat(service.current().blockAt().name()).isEqualToIgnoringCase("Medium");
        assertThat(store.current().orElseThrow().document())
                .isEqualTo(json("{\"version\": 2, \"blockAt\": \"Medium\"}"));
    }

    @Test
    void anInvalidDocumentIsRefusedWithItsJsonPointerAndNothingIsStored() {
        assertThatThrownBy(() -> service.put(json("{\"version\": 1, \"blockAt\": \"high\"}"), null))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("/blockAt");
        assertThatThrownBy(() -> service.put(json("not json"), null)).isInstanceOf(PolicyFormatException.class);
        assertThat(store.current()).isEmpty();
    }

    @Test
    void theSameVersionWithOtherContentIsAConflictAndTheSameDocumentNoChange() throws Exception {
        byte[] first = json("{\"version\": \"a\", \"blockAt\": \"High\"}");
        service.put(first, 0L);

        assertThatThrownBy(() -> service.put(json("{\"version\": \"a\", \"blockAt\": \"Low\"}"), 1L))
                .isInstanceOf(PolicyConflictException.class).hasMessageContaining("version a");
        StoredPolicy again = service.put(first, 1L);
        assertThat(again.revision()).as("no new revision").isEqualTo(1);
        assertThat(store.current().orElseThrow().document()).isEqualTo(first);
    }

    @Test
    void aStaleExpectedRevisionIsAConditionFailureAndNullTakesTheCurrentOne() throws Exception {
        service.put(json("{\"version\": 1}"), null);
        service.put(json("{\"version\": 2}"), 1L);

        assertThatThrownBy(() -> service.put(json("{\"version\": 3}"), 1L))
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("revision 2");
        assertThat(service.put(json("{\"version\": 3}"), null).revision()).isEqualTo(3);
    }

    @Test
    void anotherContainersPutIsSeenAfterTheCheckInterval() throws Exception {
        assertThat(service.current().version()).isEqualTo(Policy.DEFAULT_VERSION);
        new PolicyService(store, Duration.ZERO, clock).put(json("{\"version\": 5}"), 0L);

        assertThat(service.current().version()).as("cached").isEqualTo(Policy.DEFAULT_VERSION);
        clock.advance(Duration.ofSeconds(61));
        assertThat(service.current().version()).isEqualTo("5");
    }

    @Test
    void anUnreadableStoreKeepsThePolicyReadBeforeAndFailsWithNone() throws Exception {
        service.put(json("{\"version\": 5}"), 0L);
        broken.set(true);
        clock.advance(Duration.ofMinutes(5));

        assertThat(service.current().version()).isEqualTo("5");
        PolicyService fresh = new PolicyService(store, Duration.ofSeconds(60), clock);
        assertThatThrownBy(fresh::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreachable");
    }
}
