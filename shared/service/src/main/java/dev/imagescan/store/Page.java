package dev.imagescan.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items     this page's items, possibly empty even when more follow
 * @param nextToken where the next page starts, opaque to callers; null on the last page
 */
public record Page<T>(List<T> items, String nextToken) {
    public Page {
        items = List.copyOf(items);
    }

    /** The token for the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextToken);
    }
}
