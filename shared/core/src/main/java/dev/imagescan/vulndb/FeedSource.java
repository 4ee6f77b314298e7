package dev.imagescan.vulndb;

import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.util.Optional;

/**
 * A source read from its {@link FeedLocations}: named after its kind and locations ({@code kev:URL},
 * {@code alpine:3 documents}), and probed by asking each document conditionally, so an unchanged one is not
 * downloaded. A source whose documents need another question (cgit's {@code HEAD}, a mirror list) overrides
 * {@link #probe()}.
 */
public abstract class FeedSource implements AdvisorySource {
    /** Where the documents are, and how they are fetched. */
    protected final FeedLocations feeds;
    private final String kind;

    /**
     * @param kind  the name the database records it under ({@code kev}, {@code alpine}, …)
     * @param feeds its documents
     */
    protected FeedSource(String kind, FeedLocations feeds) {
        this.kind = kind;
        this.feeds = feeds;
    }

    @Override
    public final String name() {
        return feeds.describe(kind);
    }

    /** The documents asked conditionally: an unchanged one is not downloaded. */
    @Override
    public Optional<String> probe() throws IOException {
        return Optional.of(feeds.probe());
    }
}
