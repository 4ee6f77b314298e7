package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.TrackerSamples;
import dev.imagescan.vulndb.ubuntu.UbuntuTrackerSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ubuntu CVE tracker's default location: master's snapshot as Launchpad's cgit serves it
 * ({@code /ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz}), from a local server that behaves as cgit
 * does (ETag: the commit; the archive made anew for every {@code GET}, never a 304; {@code HEAD}: the headers alone).
 * The tarball is built here in the layout {@code git archive --prefix=ubuntu-cve-tracker-master/} writes (a pax global
 * header naming the commit, directory entries, the whole tree in path order) around the real tracker samples, with
 * the rest of a checkout: a README, a script, and an {@code ignored/} list larger than a tracker file may be, which
 * the reader must skip as the stream passes it.
 */
class UbuntuTrackerSnapshotTest {
    static final String PATH = "/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz";
    private static final String COMMIT_A = "4f2a4c1b2d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
    private static final String COMMIT_B = "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c";
    private OfficialPathsServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serveAnew(PATH, snapshot(COMMIT_A, TrackerSamples.FILES), "\"" + COMMIT_A + "\"");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** cgit's {@code ubuntu-cve-tracker-master.tar.gz} of a checkout holding {@code files} of the samples. */
    static byte[] snapshot(String commit, List<String> files) throws IOException {
        String top = "ubuntu-cve-tracker-master/";
        TreeMap<String, byte[]> tree = new TreeMap<>();
        tree.put("README", "UBUNTU CVE TRACKER\n".getBytes(StandardCharsets.UTF_8));
        tree.put("active/00boilerplate", "Candidate:\nPublicDate:\nPriority:\n".getBytes(StandardCharsets.UTF_8));
        byte[] notForUs = new byte[5 << 20]; // larger than a tracker file may be: skipped, never buffered
        Arrays.fill(notForUs, (byte) 'x');
        tree.put("ignored/not-for-us.txt", notForUs);
        tree.put("scripts/cve_lib.py", "# the tracker's scripts\n".getBytes(StandardCharsets.UTF_8));
        for (String f : files) {
            tree.put(f, TrackerSamples.bytes(f));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            // git archive's first entry: "52 comment=<commit>"
            TarArchiveEntry global = new TarArchiveEntry("pax_global_header",
                    TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);
            global.addPaxHeader("comment", commit);
            tar.putArchiveEntry(global);
            directory(tar, top);
            String last = "";
            for (Map.Entry<String, byte[]> e : tree.entrySet()) {
                String parent = e.getKey().contains("/") ? e.getKey().substring(0, e.getKey().indexOf('/') + 1) : "";
                if (!parent.isEmpty() && !parent.equals(last)) {
                    directory(tar, top + parent);
                    last = parent;
                }
                TarArchiveEntry file = new TarArchiveEntry(top + e.getKey());
                file.setSize(e.getValue().length);
                tar.putArchiveEntry(file);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    private AdvisorySource source() throws IOException {
        return AdvisorySources.of("ubuntu-tracker=" + server.url(PATH),
                AdvisorySources.Options.DEFAULT.withPlainHttp(true).withCache(dir.resolve("cache")));
    }

    private static List<OsvRecord> read(AdvisorySource source, String[] version) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        version[0] = source.read(records::add);
        return records;
    }

    @Test
    void withoutALocationTheTrackerIsReadFromLaunchpadsSnapshotOfMaster() throws IOException {
        assertThat(AdvisorySources.NEED_LOCATION).containsExactly("osv");
        assertThat(UbuntuTrackerSource.OFFICIAL_URL).isEqualTo("https://git.launchpad.net" + PATH);
        assertThat(AdvisorySources.of("ubuntu-tracker", AdvisorySources.Options.DEFAULT).name())
                .isEqualTo("ubuntu-tracker:" + UbuntuTrackerSource.OFFICIAL_URL);
    }

    @Test
    void aCgitSnapshotGivesTheTrackerFilesAloneVersionedByTheCommit() throws IOException {
        String[] version = new String[1];

        List<OsvRecord> records = read(source(), version);

        assertThat(records).extracting(r -> r.advisory().id()).containsExactly("UCT-CVE-2017-9996",
                "UCT-CVE-2018-19139", "UCT-CVE-2018-20482", "UCT-CVE-2019-17185", "UCT-CVE-2022-41859",
                "UCT-CVE-2025-11411", "UCT-CVE-2012-4929", "UCT-CVE-2014-0160", "UCT-CVE-2014-6271",
                "UCT-CVE-2016-7543", "UCT-CVE-2019-14287");
        assertThat(version[0]).isEqualTo("etag:\"" + COMMIT_A + "\"");
        // the same records as from a checkout of the same files
        List<OsvRecord> fromCheckout = new ArrayList<>();
        AdvisorySources.of("ubuntu-tracker=" + TrackerSamples.checkout(dir.resolve("uct"), TrackerSamples.FILES),
                AdvisorySources.Options.DEFAULT).read(fromCheckout::add);
        assertThat(records).isEqualTo(fromCheckout);
    }

    @Test
    void theProbeAsksWithHeadAndDownloadsNothingAndSeesANewCommit() throws IOException {
        String[] first = new String[1];
        read(source(), first);

        assertThat(source().probe()).contains(first[0]);
        assertThat(server.log()).containsExactly(PATH + " null null 200", "HEAD " + PATH + " null null 200");

        server.serveAnew(PATH, snapshot(COMMIT_B, TrackerSamples.FILES.subList(0, 2)), "\"" + COMMIT_B + "\"");
        String probed = source().probe().orElseThrow();
        String[] second = new String[1];
        List<OsvRecord> after = read(source(), second);

        assertThat(probed).isEqualTo("etag:\"" + COMMIT_B + "\"").isEqualTo(second[0]);
        assertThat(after).extracting(r -> r.advisory().id()).containsExactly("UCT-CVE-2017-9996",
                "UCT-CVE-2018-19139");
        // cgit answers a conditional GET with the whole archive again: the read downloads, the probe does not
        assertThat(server.log().subList(2, server.log().size())).containsExactly("HEAD " + PATH + " null null 200",
                PATH + " \"" + COMMIT_A + "\" null 200");
    }

    @Test
    void aFailingServerIsAnErrorNamingTheUrl() {
        server.status(PATH, 500);

        assertThatThrownBy(() -> source().probe()).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 500 (expected 200)");
        assertThatThrownBy(() -> read(source(), new String[1])).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 500 (expected 200)");
        assertThat(server.log()).containsExactly("HEAD " + PATH + " null null 500", PATH + " null null 500",
                PATH + " null null 500");
    }
}
