package dev.imagescan.vulndb.debian;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.util.List;

/**
 * The Debian security tracker's DSA and DLA lists as an {@link AdvisorySource} ({@link DebianSecurityListParser}):
 * fixed versions for every release from Debian 6 on, including 7 to 10, which OSV's Debian feed no longer carries.
 * The tracker's JSON (open issues with their status and urgency) is {@link DebianTrackerSource}.
 */
public final class DebianSecurityListSource extends FeedSource {
    /** The lists in the security tracker's repository. */
    public static final List<String> OFFICIAL_URLS = List.of(
            "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list",
            "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list");

    public DebianSecurityListSource(FeedLocations feeds) {
        super("debian", feeds);
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> DebianSecurityListParser.parse(in.stream(), in.name(), sink::record));
    }
}
