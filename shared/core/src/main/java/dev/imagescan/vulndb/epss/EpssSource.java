package dev.imagescan.vulndb.epss;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;

/**
 * FIRST's EPSS scores as an {@link AdvisorySource} ({@link EpssParser}): no advisory, only each CVE's exploitation
 * probability and percentile ({@link RecordSink#signals}), which findings show and the policy can block on.
 */
public final class EpssSource extends FeedSource {
    /** The official daily file. */
    public static final String OFFICIAL_URL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

    public EpssSource(FeedLocations feeds) {
        super("epss", feeds);
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> EpssParser.parse(in.stream(), in.name(), sink.signalsCallback()));
    }
}
