package dev.imagescan.vulndb.epss;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.util.Optional;

/**
 * FIRST's EPSS scores as an {@link AdvisorySource} ({@link EpssParser}): no advisory, only each CVE's exploitation
 * probability and percentile ({@link RecordSink#signals}), which findings show and the policy can block on.
 */
public final class EpssSource implements AdvisorySource {
    /** The official daily file. */
    public static final String OFFICIAL_URL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

    private final FeedLocations feeds;

    public EpssSource(FeedLocations feeds) {
        this.feeds = feeds;
    }

    @Override
    public String name() {
        return feeds.describe("epss");
    }

    /** The documents asked conditionally: an unchanged one is not downloaded. */
    @Override
    public Optional<String> probe() throws IOException {
        return Optional.of(feeds.probe());
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> EpssParser.parse(in.stream(), in.name(), sink.signalsCallback()));
    }
}
