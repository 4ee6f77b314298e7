package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.redhat.RepositoryCpeSource;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red Hat's repository-to-CPE mapping under its official path ({@code /data/metrics/repository-to-cpe.json}),
 * fetched for real from a local server: the real excerpt of the vuln-list mirror (shared/testing
 * vulndb/redhat/README.md), Red Hat's own form with the two entries its scanner guidelines quote, conditional
 * requests, a changed file, a truncated one, a 404 and a 500.
 */
class RepositoryCpeFeedTest {
    static final String PATH = "/data/metrics/repository-to-cpe.json";
    /** The two entries Red Hat's security data guidelines quote (rhel9/python-312, openshift4/ose-console-rhel9). */
    static final String RED_HAT_FORM = """
            {"data": {
            "rhel-9-for-aarch64-baseos-rpms": {
                "cpes": [
                    "cpe:/o:redhat:enterprise_linux:9::baseos"],
                "repo_relative_urls": [
                    "content/dist/rhel9/9.1/aarch64/baseos/os",
                    "content/dist/rhel9/9/aarch64/baseos/os"]
            },
            "rhel-9-for-x86_64-appstream-eus-rpms__9_DOT_2": {
                "cpes": [
                    "cpe:/a:redhat:rhel_eus:9.2::appstream"],
                "repo_relative_urls": [
                    "content/eus/rhel9/9.2/x86_64/appstream/os"]
            }
            }}
            """;
    private OfficialPathsServer server;

    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(PATH, FeedSamples.bytes("redhat/meta/repository-to-cpe.json"), "\"m1\"",
                "Wed, 18 Dec 2024 09:14:23 GMT");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AdvisorySource source() throws IOException {
        return AdvisorySources.of("redhat-cpe=" + server.url(PATH),
                AdvisorySources.Options.DEFAULT.withPlainHttp(true).withCache(cache));
    }

    private List<OsvRecord> read() throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        source().read(records::add);
        return records;
    }

    @Test
    void eachRepositoryIsARecordOfItsCpesAndAnUnchangedFileIsNotFetchedAgain() throws IOException {
        List<OsvRecord> records = read();

        assertThat(source().name()).isEqualTo("redhat-cpe:" + server.url(PATH));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.advisory().id()).isEqualTo("REDHAT-REPOSITORY:rhel-8-for-x86_64-baseos-rpms");
            assertThat(r.advisory().modified()).isEqualTo(Instant.parse("2024-12-18T09:14:23Z"));
            assertThat(r.affected()).singleElement().satisfies(a -> {
                assertThat(a.ecosystem()).isEqualTo(RepositoryCpeSource.ECOSYSTEM);
                assertThat(a.name()).isEqualTo("rhel-8-for-x86_64-baseos-rpms");
                assertThat(a.versions()).containsExactly("cpe:/o:redhat:enterprise_linux:8::baseos");
                assertThat(a.ranges()).isEmpty();
            });
        });
        String version = source().probe().orElseThrow();

        assertThat(version).isEqualTo("etag:\"m1\"");
        assertThat(server.log()).extracting(l -> l.split(" ", 2)[1])
                .containsExactly("null null 200", "\"m1\" Wed, 18 Dec 2024 09:14:23 GMT 304");
    }

    @Test
    void redHatsOwnFormIsReadToo() throws IOException {
        server.serve(PATH, RED_HAT_FORM.getBytes(StandardCharsets.UTF_8), "\"m2\"", null);

        List<OsvRecord> records = read();

        assertThat(records).extracting(r -> r.affected().get(0).name() + " " + r.affected().get(0).versions())
                .containsExactly("rhel-9-for-aarch64-baseos-rpms [cpe:/o:redhat:enterprise_linux:9::baseos]",
                        "rhel-9-for-x86_64-appstream-eus-rpms__9_DOT_2 [cpe:/a:redhat:rhel_eus:9.2::appstream]");
        assertThat(records.get(0).advisory().modified()).as("no Last-Modified").isEqualTo(Instant.EPOCH);
    }

    @Test
    void aTruncatedFileA404AndA500AreErrorsNamingTheUrl() {
        server.truncated(PATH, RED_HAT_FORM.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(this::read).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(PATH) + ": ");

        server.status(PATH, 404);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class).hasMessageContaining(": HTTP status 404");

        server.status(PATH, 500);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class).hasMessageContaining(": HTTP status 500");
    }

    @Test
    void whatIsNotAMappingIsABadFeedInOneLine() {
        for (String[] bad : List.of(
                new String[] {"[]", ": expected a JSON object (line 1)"},
                new String[] {"{\"rhel-8-for-x86_64-baseos-rpms\": [\"enterprise_linux:8\"]}",
                        ": rhel-8-for-x86_64-baseos-rpms: 'enterprise_linux:8' is not a CPE"
                                + " name (cpe:/…) (line 1)"},
                new String[] {"{\"../etc\": [\"cpe:/o:redhat:enterprise_linux:8\"]}",
                        ": '../etc' is not a repository id (line 1)"},
                new String[] {"{\"data\": {\"r\": {\"cpes\": \"cpe:/o:redhat:enterprise_linux:8\"}}}",
                        ": r.cpes is not an array (line 1)"},
                new String[] {"{\"version\": 2}", ": 'version' is neither a repository's CPE"
                        + " list nor Red Hat's \"data\" object (line 1)"},
                new String[] {"{\"r\": [\"cpe:/o:redhat:enterprise_linux:8\"", ": not a"})) {
            server.serve(PATH, bad[0].getBytes(StandardCharsets.UTF_8), "\"b" + bad[0].hashCode() + "\"", null);
            assertThatThrownBy(this::read).as(bad[0]).isInstanceOf(FeedFormatException.class)
                    .hasMessageStartingWith(server.url(PATH) + bad[1]).hasMessageNotContaining("\n");
        }
    }
}
