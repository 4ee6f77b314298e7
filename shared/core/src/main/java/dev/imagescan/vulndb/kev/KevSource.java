package dev.imagescan.vulndb.kev;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;

/**
 * CISA's Known Exploited Vulnerabilities catalog as an {@link AdvisorySource} ({@link KevParser}): no advisory,
 * only the CVEs known to be exploited in the wild ({@link RecordSink#signals}), which findings show, the report
 * orders first within a level, and the policy can block on.
 */
public final class KevSource extends FeedSource {
    /** The official catalog. */
    public static final String OFFICIAL_URL =
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

    public KevSource(FeedLocations feeds) {
        super("kev", feeds);
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> KevParser.parse(in.stream(), in.name(), sink.signalsCallback()));
    }
}
