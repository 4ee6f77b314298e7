package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.imagescan.store.BusEvent;
import dev.imagescan.store.StoreException;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.testing.aws.LocalEventBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** The EventBridge adapter through the SDK's real client, against LocalStack or {@link LocalEventBus}. */
class EventBridgeEventBusTest {
    private final LocalAws aws = LocalAws.get();

    @Test
    void putsEveryEventInRequestsOfTenAndReturnsTheirIds() {
        String bus = aws.createEventBus();
        int before = aws.localEventBus().map(LocalEventBus::putRequests).orElse(0);
        List<BusEvent> events = events(23);

        List<String> ids = new EventBridgeEventBus(aws.eventBridge(), bus).put(events);

        assertThat(ids).hasSize(23).doesNotContainNull().doesNotHaveDuplicates();
        List<LocalEventBus.Entry> taken = aws.events(bus);
        assertThat(taken).extracting(LocalEventBus.Entry::detail)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(BusEvent::detail).toList());
        assertThat(taken).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("imagescan.test");
            assertThat(e.detailType()).isEqualTo("Test Event");
            assertThat(e.resources()).containsExactly("arn:aws:s3:::bucket/key");
        });
        aws.localEventBus().ifPresent(local -> assertThat(local.putRequests() - before).isEqualTo(3));
    }

    @Test
    void entriesTheServiceFailedAreSentAgain() {
        assumeThat(aws.localEventBus()).as("failures are injected into LocalEventBus").isPresent();
        LocalEventBus local = aws.localEventBus().orElseThrow();
        String bus = aws.createEventBus();
        local.failNext(3);
        int before = local.putRequests();

        List<String> ids = new EventBridgeEventBus(aws.eventBridge(), bus).put(events(5));

        assertThat(ids).hasSize(5).doesNotContainNull();
        assertThat(local.entries(bus)).hasSize(5);
        assertThat(local.putRequests() - before).as("one request, then one retry of the three").isEqualTo(2);
    }

    @Test
    void entriesStillFailingAfterEveryRoundAreReturned() {
        assumeThat(aws.localEventBus()).as("failures are injected into LocalEventBus").isPresent();
        LocalEventBus local = aws.localEventBus().orElseThrow();
        String bus = aws.createEventBus();
        local.failNext(1000);
        int before = local.putRequests();
        List<BusEvent> events = events(2);
        try {
            assertThat(new EventBridgeEventBus(aws.eventBridge(), bus).putAll(events)).isEqualTo(events);
        } finally {
            local.failNext(0);
        }
        assertThat(local.putRequests() - before).isEqualTo(EventBridgeEventBus.SEND_ROUNDS);
        assertThat(local.entries(bus)).isEmpty();
    }

    @Test
    void entriesRefusedForWhatTheyHoldAreReturnedAtOnce() {
        String bus = aws.createEventBus();
        BusEvent good = new BusEvent("imagescan.test", "Test Event", "{\"n\":1}", List.of());
        BusEvent notAnObject = new BusEvent("imagescan.test", "Test Event", "[1,2]", List.of());
        BusEvent tooLarge = new BusEvent("imagescan.test", "Test Event",
                "{\"x\":\"" + "a".repeat(EventBridgeEventBus.MAX_REQUEST_BYTES) + "\"}", List.of());
        int before = aws.localEventBus().map(LocalEventBus::putRequests).orElse(0);

        List<String> ids = new EventBridgeEventBus(aws.eventBridge(), bus).put(List.of(good, notAnObject, tooLarge));

        assertThat(ids.get(0)).isNotNull();
        assertThat(ids.get(1)).as("MalformedDetail is not retried").isNull();
        assertThat(ids.get(2)).as("over 256 KiB: not sent").isNull();
        assertThat(aws.events(bus)).extracting(LocalEventBus.Entry::detail).containsExactly("{\"n\":1}");
        aws.localEventBus().ifPresent(local -> assertThat(local.putRequests() - before).isEqualTo(1));
    }

    @Test
    void requestsAreSplitToStayUnder256KiB() {
        String bus = aws.createEventBus();
        String big = "{\"x\":\"" + "b".repeat(150 * 1024) + "\"}";
        List<PutEventsRequestEntry> both = List.of(entry(bus, big), entry(bus, big));
        assertThatThrownBy(() -> aws.eventBridge().putEvents(b -> b.entries(both)))
                .as("the service refuses one request of 300 KiB").isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Total size of the entries in the request is over the limit");

        BusEvent event = new BusEvent("imagescan.test", "Test Event", big, List.of());
        List<String> ids = new EventBridgeEventBus(aws.eventBridge(), bus).put(List.of(event, event));

        assertThat(ids).doesNotContainNull();
        assertThat(aws.events(bus)).hasSize(2);
    }

    @Test
    void aBusThatDoesNotExistTakesNothing() {
        List<String> ids = new EventBridgeEventBus(aws.eventBridge(), LocalAws.uniqueName("nobus")).put(events(1));
        assertThat(ids).containsOnlyNulls();
    }

    @Test
    void theLocalBusChecksWhatTheServiceChecks() {
        assumeThat(aws.localEventBus()).isPresent();
        String bus = aws.createEventBus();
        List<PutEventsRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry(bus, "{}"));
        }
        assertThatThrownBy(() -> aws.eventBridge().putEvents(b -> b.entries(eleven)))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("less than or equal to 10");

        PutEventsResponse response = aws.eventBridge().putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().eventBusName(bus).detailType("T").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName(bus).source("s").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName(bus).source("s").detailType("T").build(),
                PutEventsRequestEntry.builder().eventBusName(bus).source("s").detailType("T").detail("{").build(),
                PutEventsRequestEntry.builder().eventBusName("arn:aws:events:us-east-1:000000000000:event-bus/" + bus)
                        .source("s").detailType("T").detail("{\"ok\":true}").build()));

        assertThat(response.failedEntryCount()).isEqualTo(4);
        assertThat(response.entries()).extracting(e -> e.errorCode()).containsExactly("InvalidArgument",
                "InvalidArgument", "InvalidArgument", "MalformedDetail", null);
        assertThat(response.entries().get(0).errorMessage()).contains("Source");
        assertThat(response.entries().get(4).eventId()).isNotBlank();
        assertThat(aws.events(bus)).extracting(LocalEventBus.Entry::detail).containsExactly("{\"ok\":true}");
        assertThatThrownBy(() -> aws.eventBridge().createEventBus(b -> b.name(bus)))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("already exists");
    }

    @Test
    void aRequestThatFailsWholeIsAStoreException() {
        try (var unreachable = LocalClients.settings(aws).withEventsEndpoint(java.net.URI.create("http://127.0.0.1:1"))
                .eventBridge()) {
            assertThatThrownBy(() -> new EventBridgeEventBus(unreachable, "default").put(events(1)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("putting 1 events on default");
        }
    }

    private static PutEventsRequestEntry entry(String bus, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("imagescan.test").detailType("Test Event")
                .detail(detail).build();
    }

    private static List<BusEvent> events(int n) {
        List<BusEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new BusEvent("imagescan.test", "Test Event", "{\"n\":" + i + "}",
                    List.of("arn:aws:s3:::bucket/key")));
        }
        return events;
    }
}
