package dev.imagescan.vulndb.epss;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.fetch.FeedInput;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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

    @Override
    public String read(RecordSink sink) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String location : feeds.locations()) {
            try (FeedInput in = FeedInput.open(location, feeds.fetcher())) {
                EpssParser.parse(in.stream(), in.name(), s -> {
                    try {
                        sink.signals(s);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                versions.add(in.version());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return FeedLocations.combined(versions);
    }
}
