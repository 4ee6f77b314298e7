package dev.imagescan.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.BusEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InMemoryEventBus}: what {@code EventBridgeEventBusTest} checks of the port. */
class InMemoryEventBusTest {
    private final InMemoryEventBus bus = new InMemoryEventBus();

    private static List<BusEvent> events(int n) {
        List<BusEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event("{\"n\":" + i + "}"));
        }
        return events;
    }

    private static BusEvent event(String detail) {
        return new BusEvent("imagescan.test", "Test Event", detail, List.of("arn:aws:s3:::bucket/key"));
    }

    @Test
    void takesEveryEventAndReturnsTheirIdsInOrder() {
        List<BusEvent> events = events(23);

        List<String> ids = bus.put(events);

        assertThat(ids).hasSize(23).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(bus.events()).containsExactlyElementsOf(events);
        assertThat(bus.entries()).extracting(InMemoryEventBus.Entry::eventId).containsExactlyElementsOf(ids);
        assertThat(bus.put(List.of())).isEmpty();
        assertThat(bus.put(events(1))).doesNotContainNull().doesNotContainAnyElementsOf(ids);
        assertThat(bus.events()).hasSize(24);
    }

    @Test
    void entriesRefusedForWhatTheyHoldGetNoIdAndAreNotRecorded() {
        BusEvent good = event("{\"n\":1}");
        List<BusEvent> bad = List.of(event("[1,2]"), event("{"), event("{} {}"), event("\"text\""), event(""),
                new BusEvent("", "Test Event", "{}", List.of()), new BusEvent("s", "", "{}", List.of()));
        List<BusEvent> all = new ArrayList<>(bad);
        all.add(1, good);

        List<String> ids = bus.put(all);

        assertThat(ids.get(1)).isNotNull();
        assertThat(ids).hasSize(all.size()).filteredOn(id -> id != null).hasSize(1);
        assertThat(bus.events()).containsExactly(good);
        assertThat(bus.putAll(all)).as("putAll returns those not taken").containsExactlyElementsOf(bad);
    }

    @Test
    void anEntryOf256KiBIsTakenOneByteMoreIsNot() {
        // the size: source (1 byte) + detail type (1) + detail + resources (none)
        String fits = "{\"x\":\"" + "a".repeat(InMemoryEventBus.MAX_ENTRY_BYTES - 10) + "\"}";
        assertThat(fits.length() + 2).isEqualTo(InMemoryEventBus.MAX_ENTRY_BYTES);
        BusEvent largest = new BusEvent("s", "T", fits, List.of());
        BusEvent tooLarge = new BusEvent("s", "T", fits.replace("{\"x\"", "{\"xy\""), List.of());
        BusEvent tooLargeWithResource = new BusEvent("s", "T", fits, List.of("r"));

        List<String> ids = bus.put(List.of(largest, tooLarge, tooLargeWithResource));

        assertThat(ids.get(0)).isNotNull();
        assertThat(ids.subList(1, 3)).containsOnlyNulls();
        assertThat(bus.events()).containsExactly(largest);
    }

    @Test
    void failNextFailsThatManyEventsThenTakesAgain() {
        List<BusEvent> events = events(5);
        bus.failNext(3);

        List<String> ids = bus.put(events);

        assertThat(ids.subList(0, 3)).containsOnlyNulls();
        assertThat(ids.subList(3, 5)).doesNotContainNull();
        assertThat(bus.events()).containsExactlyElementsOf(events.subList(3, 5));
        assertThat(bus.put(events)).doesNotContainNull();

        bus.failNext(10);
        bus.failNext(0);
        assertThat(bus.putAll(events)).isEmpty();
        assertThatThrownBy(() -> bus.failNext(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
