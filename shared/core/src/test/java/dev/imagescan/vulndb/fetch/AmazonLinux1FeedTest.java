package dev.imagescan.vulndb.fetch;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.BuiltRpmDatabase;
import dev.imagescan.analyzer.rpm.BuiltRpmDatabase.Installed;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.amazon.AmazonAlasSource;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon Linux 1 (2018.03) read by default: its official mirror list URL, {@code http://repo.us-west-2.amazonaws.com/
 * 2018.03/updates/x86_64/mirror.list}, fetched for real with plain http not allowed, through a proxy (the JVM's
 * default {@link ProxySelector}, set for the test) that sends Amazon's hosts to a local server serving the official
 * paths: the real mirror list (quay/claircore), the real Amazon Linux 1 {@code repomd.xml} (its updateinfo checksum
 * made that of the sample served) and the real Amazon Linux 1 updateinfo (quay/clair's ALAS-2011-1 and ALAS-2011-2,
 * gzip-compressed here as the repository serves it). Then an Amazon Linux 1 image is COVERED by what was read.
 */
class AmazonLinux1FeedTest {
    static final String LIST = "/2018.03/updates/x86_64/mirror.list";
    static final String REPO = "/2018.03/updates/c539f2128d87/x86_64";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private OfficialPathsServer server;
    private ProxySelector previous;
    /** Hosts the proxy sends to a port where nothing listens. */
    private final Set<String> down = new CopyOnWriteArraySet<>();

    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(LIST, FeedSamples.bytes("amazon/mirrors_linux1.txt"), "\"list\"", null);
        server.serve(REPO + "/repodata/repomd.xml", repomd(), "\"a\"", null);
        server.serve(REPO + "/repodata/updateinfo.xml.gz", gzip(FeedSamples.bytes("amazon/updateinfo_AL1.xml")),
                "\"a\"", null);
        InetSocketAddress local = new InetSocketAddress(URI.create(server.url("/")).getHost(),
                URI.create(server.url("/")).getPort());
        InetSocketAddress closed = new InetSocketAddress(local.getAddress(), closedPort());
        previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                if (uri.getHost() != null && uri.getHost().endsWith(".amazonaws.com")) {
                    return List.of(new Proxy(Proxy.Type.HTTP, down.contains(uri.getHost()) ? closed : local));
                }
                return previous == null ? List.of(Proxy.NO_PROXY) : previous.select(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
    }

    @AfterEach
    void stop() {
        ProxySelector.setDefault(previous);
        server.close();
    }

    /** The real Amazon Linux 1 repomd.xml, its updateinfo checksum made that of the sample served (the one edit). */
    static byte[] repomd() throws IOException {
        String real = new String(FeedSamples.bytes("amazon/test_repomd.xml"), StandardCharsets.UTF_8);
        String realOpen = "3530bd37fdb291b0d5bc92e05fb86bc7403028c0878084626ed11986806865a6";
        assertThat(real).contains(realOpen);
        return real.replace(realOpen, sha256(FeedSamples.bytes("amazon/updateinfo_AL1.xml")))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The default Amazon Linux 1 feed, with plain http not allowed (the default limits). */
    private AdvisorySource defaultAl1() {
        return new AmazonAlasSource(new FeedLocations(List.of(AmazonAlasSource.AL1_MIRROR_LIST),
                new FeedFetcher(FetchLimits.DEFAULT, cache)));
    }

    private static List<OsvRecord> read(AdvisorySource source, String[] version) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        version[0] = source.read(records::add);
        return records;
    }

    /** {@code ecosystem name fixed}. */
    private static String line(AffectedPackage a) {
        return a.ecosystem() + " " + a.name() + " " + a.ranges().get(0).events().stream()
                .filter(e -> e.type() == RangeEvent.Type.FIXED).findFirst().orElseThrow().version();
    }

    @Test
    void theDefaultsReadAmazonLinux1FirstAndItsOfficialMirrorListIsReadOverPlainHttpWithoutAllowingIt()
            throws IOException {
        assertThat(AmazonAlasSource.officialMirrorLists()).containsExactly(AmazonAlasSource.AL1_MIRROR_LIST,
                AmazonAlasSource.AL2_MIRROR_LIST, AmazonAlasSource.AL2023_MIRROR_LIST);
        assertThat(AmazonAlasSource.AL1_MIRROR_LIST).isEqualTo("http://repo.us-west-2.amazonaws.com" + LIST);
        assertThat(AdvisorySources.of("amazon", AdvisorySources.Options.DEFAULT).name())
                .isEqualTo("amazon:3 documents");
        String[] version = new String[1];

        List<OsvRecord> records = read(defaultAl1(), version);

        assertThat(records).extracting(r -> r.advisory().id()).containsExactly("ALAS-2011-1", "ALAS-2011-2");
        OsvRecord httpd = records.get(0);
        assertThat(httpd.advisory().aliases()).containsExactly("CVE-2011-3192");
        assertThat(httpd.advisory().rating()).isEqualTo("medium");
        assertThat(httpd.advisory().published()).isEqualTo(Instant.parse("2011-09-27T22:46:00Z"));
        assertThat(httpd.advisory().modified()).isEqualTo(Instant.parse("2014-09-14T14:25:00Z"));
        assertThat(httpd.advisory().references()).containsExactly("https://alas.aws.amazon.com/ALAS-2011-1.html");
        assertThat(httpd.affected()).extracting(AmazonLinux1FeedTest::line).containsExactly(
                "Amazon Linux:1 httpd-devel 2.2.21-1.18.amzn1", "Amazon Linux:1 httpd-debuginfo 2.2.21-1.18.amzn1",
                "Amazon Linux:1 httpd 2.2.21-1.18.amzn1", "Amazon Linux:1 httpd-tools 2.2.21-1.18.amzn1",
                "Amazon Linux:1 mod_ssl 1:2.2.21-1.18.amzn1", "Amazon Linux:1 httpd-manual 2.2.21-1.18.amzn1");
        assertThat(records.get(1).advisory().rating()).isEqualTo("important");
        assertThat(version[0]).isEqualTo("sha256:" + sha256(FeedSamples.bytes("amazon/updateinfo_AL1.xml")));
        assertThat(server.log()).containsExactly(LIST + " null null 200",
                REPO + "/repodata/repomd.xml null null 200", REPO + "/repodata/updateinfo.xml.gz null null 200");
    }

    @Test
    void anUnchangedRepositoryIsAskedForConditionallyAndAProbeReadsTheMetadataAlone() throws IOException {
        String[] first = new String[1];
        String[] second = new String[1];
        read(defaultAl1(), first);

        List<OsvRecord> again = read(defaultAl1(), second);
        int before = server.log().size();
        String probed = defaultAl1().probe().orElseThrow();

        assertThat(again).hasSize(2);
        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(probed).isEqualTo(first[0]);
        assertThat(server.log()).contains(LIST + " \"list\" null 304", REPO + "/repodata/repomd.xml \"a\" null 304",
                REPO + "/repodata/updateinfo.xml.gz \"a\" null 304");
        assertThat(server.log().subList(before, server.log().size()))
                .noneMatch(r -> r.contains("updateinfo.xml.gz"));
    }

    @Test
    void anUnreachableMirrorIsPassedOverForTheNextTheListNames() throws IOException {
        down.add("packages.us-west-2.amazonaws.com");

        List<OsvRecord> records = read(defaultAl1(), new String[1]);

        assertThat(records).extracting(r -> r.advisory().id()).containsExactly("ALAS-2011-1", "ALAS-2011-2");
    }

    @Test
    void plainHttpStaysRefusedForAnyOtherHost() throws IOException {
        // the same documents from a host that is not Amazon's: refused unless plain http is allowed
        assertThatThrownBy(() -> read(AdvisorySources.of("amazon=" + server.url(LIST),
                AdvisorySources.Options.DEFAULT), new String[1])).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(LIST) + ": plain http is refused");
        // Amazon's mirror list naming a plain http mirror elsewhere (a list built here): refused before any request
        server.serve(LIST, ("http://mirror.example.org" + REPO + "\n").getBytes(StandardCharsets.UTF_8), "\"x\"",
                null);
        assertThatThrownBy(() -> read(defaultAl1(), new String[1])).isInstanceOf(IOException.class)
                .hasMessage("http://mirror.example.org" + REPO + "/repodata/repomd.xml: plain http is refused; use"
                        + " https (plain http is for a local mirror, when allowed)");
        assertThat(server.log()).noneMatch(r -> r.startsWith(REPO));
    }

    @Test
    void anAmazonLinux1ImageIsCoveredByTheDefaultFeedWithAmazonsSeverity() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(defaultAl1()), CLOCK.instant(), out);
        VulnDatabase db = VulnDatabases.load(out.toByteArray());
        // Amazon Linux AMI 2018.03's os-release and system-release as the release ships them; an rpm database
        // built here (Amazon Linux 1's own is BerkeleyDB; the analyzer reads both)
        Path image = ImageBuilder.image().layer(layer().file("etc/os-release", """
                NAME="Amazon Linux AMI"
                VERSION="2018.03"
                ID="amzn"
                ID_LIKE="rhel fedora"
                VERSION_ID="2018.03"
                PRETTY_NAME="Amazon Linux AMI 2018.03"
                ANSI_COLOR="0;33"
                CPE_NAME="cpe:/o:amazon:linux:2018.03:ga"
                HOME_URL="http://aws.amazon.com/amazon-linux-ami/"
                """).file("etc/system-release", "Amazon Linux AMI release 2018.03\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(cache, al1Packages())))
                .writeOciArchive(cache.resolve("al1.tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
        MatchResult match = new Matcher(CLOCK).match(inventory, db);

        VulnerabilityReport report = new ReportBuilder(CLOCK).build(inventory, match, db.info(), ReportFilter.ALL);

        assertThat(inventory.os().describe()).isEqualTo("amzn 2018.03");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystem()).isEqualTo("Amazon Linux:1");
        assertThat(report.findings()).extracting(AmazonLinux1FeedTest::finding).containsExactlyInAnyOrder(
                "CVE-2011-3192 httpd MEDIUM 2.2.21-1.18.amzn1 ALAS-2011-1",
                "CVE-2011-3192 mod_ssl MEDIUM 1:2.2.21-1.18.amzn1 ALAS-2011-1");
        assertThat(report.findings()).allSatisfy(f -> {
            assertThat(f.severity().source()).isEqualTo("amazon");
            assertThat(f.severity().rating()).isEqualTo("medium");
        });
    }

    /**
     * httpd and mod_ssl one build before ALAS-2011-1's; cyrus-imapd at ALAS-2011-2's fixed build (no finding); bash,
     * of which the advisories say nothing.
     */
    static List<Installed> al1Packages() {
        String vendor = "Amazon.com";
        return List.of(
                new Installed("httpd", null, "2.2.21", "1.17.amzn1", "x86_64", "httpd-2.2.21-1.17.amzn1.src.rpm",
                        vendor),
                new Installed("mod_ssl", 1, "2.2.21", "1.17.amzn1", "x86_64", "httpd-2.2.21-1.17.amzn1.src.rpm",
                        vendor),
                new Installed("cyrus-imapd", null, "2.3.16", "6.4.amzn1", "x86_64",
                        "cyrus-imapd-2.3.16-6.4.amzn1.src.rpm", vendor),
                new Installed("bash", null, "4.2.46", "34.43.amzn1", "x86_64", "bash-4.2.46-34.43.amzn1.src.rpm",
                        vendor));
    }

    private static String finding(Finding f) {
        return f.id() + " " + f.pkg().name() + " " + f.level().name() + " " + f.fixedVersion() + " "
                + String.join(",", f.advisoryIds());
    }
}
