package dev.imagescan.vulndb.redhat;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Red Hat's repository-to-CPE mapping as an {@link AdvisorySource}: which product streams (CPEs) the packages of
 * each Red Hat repository (content set) belong to, so that an image whose content manifests name
 * {@code rhel-8-for-x86_64-baseos-rpms} is matched against the advisories of
 * {@code cpe:/o:redhat:enterprise_linux:8::baseos}. Each repository becomes one record (id
 * {@code REDHAT-REPOSITORY:<repository>}) with one entry in the ecosystem {@link #ECOSYSTEM}: the package name is the
 * repository, the versions its CPEs. It is data about the advisories, not an advisory: the matcher looks it up by
 * content set and never matches a package against it. The record's {@code modified} is the server's
 * {@code Last-Modified} (the epoch for a local file). Parsed by {@link RepositoryCpeParser}.
 */
public final class RepositoryCpeSource extends FeedSource {
    /** Where Red Hat publishes the mapping. */
    public static final String OFFICIAL_URL = "https://security.access.redhat.com/data/metrics/repository-to-cpe.json";
    /** The ecosystem the mapping's entries are filed under (never an ecosystem of packages). */
    public static final String ECOSYSTEM = "Red Hat repository-to-CPE";
    /** The id prefix of a repository's record. */
    public static final String ID_PREFIX = "REDHAT-REPOSITORY:";

    public RepositoryCpeSource(FeedLocations feeds) {
        super("redhat-cpe", feeds);
    }

    /** The document asked conditionally: an unchanged one is not downloaded. */

    @Override
    public String read(RecordSink sink) throws IOException {
        return feeds.readEach(in -> {
            Instant modified = in.lastModified().orElse(Instant.EPOCH);
            String url = in.name().contains("://") ? in.name() : OFFICIAL_URL;
            RepositoryCpeParser.parse(in.stream(), in.name(), (repository, cpes) -> {
                try {
                    sink.record(record(repository, cpes, modified, url));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
    }

    /** The record of one repository. */
    static OsvRecord record(String repository, List<String> cpes, Instant modified, String url) {
        Advisory a = new Advisory(ID_PREFIX + repository, List.of(), "Red Hat repository " + repository
                + ": the product streams of its packages", null, modified, List.of(), null, List.of(url));
        return new OsvRecord(a, null, List.of(new AffectedPackage(ECOSYSTEM, repository, List.of(), cpes, null)));
    }
}
