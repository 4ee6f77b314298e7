package dev.imagescan.store;

import java.util.List;
import java.util.Objects;

/**
 * One event for the {@link EventBus}, as EventBridge takes it.
 *
 * @param source     who sends it ({@code imagescan}; EventBridge refuses sources starting {@code aws.})
 * @param detailType what happened ({@code ECR Image Scan}, …)
 * @param detail     the event's body: one JSON object, at most 256 KiB with the rest
 * @param resources  ARNs or URIs the event is about (may be empty)
 */
public record BusEvent(String source, String detailType, String detail, List<String> resources) {
    public BusEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detail, "detail");
        if (source.startsWith("aws.")) {
            throw new IllegalArgumentException("an event source may not start with 'aws.': " + source);
        }
        resources = List.copyOf(resources);
    }
}
