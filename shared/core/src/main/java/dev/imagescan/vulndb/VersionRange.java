package dev.imagescan.vulndb;

import java.util.List;

/** One OSV range of type {@code ECOSYSTEM}: its events in the order the record gives them. */
public record VersionRange(List<RangeEvent> events) {
    public VersionRange {
        events = List.copyOf(events);
    }
}
