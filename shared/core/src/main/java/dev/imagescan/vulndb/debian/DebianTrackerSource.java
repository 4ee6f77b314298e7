package dev.imagescan.vulndb.debian;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.time.Instant;

/**
 * The Debian security tracker's JSON as an {@link AdvisorySource} ({@link DebianTrackerParser}): per source package,
 * CVE and release, whether it is fixed (and in which version), open with no fix yet, or open for a stated reason
 * (no DSA: ignored or postponed; the release's end of life), undetermined, with the tracker's urgency. The DSA and DLA
 * lists ({@link DebianSecurityListSource}) give the fixed versions of the releases the JSON no longer carries (7 to
 * 10); where both speak of one release, package and CVE, a published DSA/DLA's fix wins over the tracker's "open"
 * (the matcher's rule, docs/vulndb-format.md). Records carry the document's {@code Last-Modified} as their
 * {@code modified} time (the epoch for a local file), so the same document gives the same records.
 */
public final class DebianTrackerSource extends FeedSource {
    /** The tracker's JSON: every source package, CVE and release it follows. */
    public static final String OFFICIAL_URL = "https://security-tracker.debian.org/tracker/data/json";

    public DebianTrackerSource(FeedLocations feeds) {
        super("debian-tracker", feeds);
    }

    /** The document asked conditionally (ETag, If-Modified-Since): an unchanged one is not downloaded. */

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> DebianTrackerParser.parse(in.stream(), in.name(),
                in.lastModified().orElse(Instant.EPOCH), sink::record));
    }
}
