package dev.imagescan.vulndb.nvd;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;

/**
 * NVD's CVSS ratings as an {@link AdvisorySource}: each NVD JSON 2.0 feed document ({@link NvdParser}), yearly
 * ({@code nvdcve-2.0-2024.json.gz}) and/or {@code modified}, read in order; a CVE in a later document replaces the
 * same CVE of an earlier one, so {@code modified} comes last. It hands no advisory, only each CVE's ratings
 * ({@link RecordSink#signals}); the build keeps those of the CVEs its advisories name, and a finding the distribution
 * rates neither by word nor by vector is rated by them (docs/severity.md).
 */
public final class NvdSource extends FeedSource {
    /** Where NVD publishes its JSON 2.0 feeds. */
    public static final String FEED_BASE = "https://nvd.nist.gov/feeds/json/cve/2.0/";
    /** The first year NVD has a yearly feed for. */
    public static final int FIRST_YEAR = 2002;

    public NvdSource(FeedLocations feeds) {
        super("nvd", feeds);
    }

    /** The official yearly feeds, {@value #FIRST_YEAR} to {@code lastYear}, then the {@code modified} feed. */
    public static List<String> officialFeeds(int lastYear) {
        List<String> urls = new ArrayList<>();
        for (int y = FIRST_YEAR; y <= lastYear; y++) {
            urls.add(FEED_BASE + "nvdcve-2.0-" + y + ".json.gz");
        }
        urls.add(FEED_BASE + "nvdcve-2.0-modified.json.gz");
        return urls;
    }

    /** The official feeds up to this year. */
    public static List<String> officialFeeds() {
        return officialFeeds(Year.now().getValue());
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> NvdParser.parse(in.stream(), in.name(), sink.signalsCallback(), sink::warning));
    }
}
