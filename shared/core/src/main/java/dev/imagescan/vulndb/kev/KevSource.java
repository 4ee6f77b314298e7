package dev.imagescan.vulndb.kev;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.util.Optional;

/**
 * CISA's Known Exploited Vulnerabilities catalog as an {@link AdvisorySource} ({@link KevParser}): no advisory,
 * only the CVEs known to be exploited in the wild ({@link RecordSink#signals}), which findings show, the report
 * orders first within a level, and the policy can block on.
 */
public final class KevSource implements AdvisorySource {
    /** The official catalog. */
    public static final String OFFICIAL_URL =
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

    private final FeedLocations feeds;

    public KevSource(FeedLocations feeds) {
        this.feeds = feeds;
    }

    @Override
    public String name() {
        return feeds.describe("kev");
    }

    /** The documents asked conditionally: an unchanged one is not downloaded. */
    @Override
    public Optional<String> probe() throws IOException {
        return Optional.of(feeds.probe());
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> KevParser.parse(in.stream(), in.name(), sink.signalsCallback()));
    }
}
