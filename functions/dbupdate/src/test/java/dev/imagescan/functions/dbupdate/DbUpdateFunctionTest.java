package dev.imagescan.functions.dbupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.service.DatabaseUpdateService;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.backed.CurrentDatabase;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.osv.OsvLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule through the handler: the repository's {@code events/schedule.json}, real S3, feeds over loopback. */
class DbUpdateFunctionTest {
    private final LocalAws aws = LocalAws.get();
    private final ObjectStore store = new S3ObjectStore(aws.s3(), aws.createBucket());
    private final FeedServer server = new FeedServer();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @TempDir
    Path scratch;

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DbUpdateHandler handler() {
        DbUpdateSettings settings = DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "unused",
                "IMAGESCAN_FEEDS", server.url("/Alpine/all.zip") + " , " + server.url("/Debian/all.zip"),
                "IMAGESCAN_MAX_DROP", "0.5"));
        // strict: a broken feed fails the update (DbUpdateIncrementalTest covers the default, which keeps its last
        // good read)
        DatabaseUpdateService service = new DatabaseUpdateService(store, settings.feeds(), settings.maxDrop(),
                OsvLimits.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)).withPlainHttp(true),
                scratch, Clock.systemUTC(), false);
        return new DbUpdateHandler(service, new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    @Test
    void theScheduleUpdatesThenFindsNothingNewThenReportsABrokenFeedByThrowing() throws IOException {
        server.serve("/Alpine/all.zip", OsvFeeds.zip(OsvFeeds.snapshot("alpine")));
        server.serve("/Debian/all.zip", OsvFeeds.zip(OsvFeeds.snapshot("debian")));
        ScheduledEvent event = event();
        assertThat(event.getId()).isNotBlank();

        Map<String, Object> first = handler().handleRequest(event, null);
        assertThat(first).containsEntry("status", "UPDATED").containsEntry("problems", "");
        String key = (String) first.get("key");
        assertThat(key).startsWith("vulndb/sha256:").endsWith("/vulndb.bin");
        byte[] pointer = pointerBytes();
        assertThat(new String(pointer, StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(new CurrentDatabase(store, Duration.ZERO, Clock.systemUTC(), BundledDatabase::load).current()
                .info().digest()).isEqualTo(first.get("dbVersion"));
        Map<String, Object> line = lastLine();
        assertThat(line).containsEntry("function", "dbupdate").containsEntry("event", "update")
                .containsEntry("level", "INFO").containsEntry("status", "UPDATED")
                .containsEntry("eventId", event.getId()).containsEntry("key", key);

        assertThat(handler().handleRequest(event, null)).containsEntry("status", "UNCHANGED")
                .containsEntry("key", key);
        assertThat(lastLine()).containsEntry("status", "UNCHANGED").containsEntry("level", "INFO");

        byte[] zip = OsvFeeds.zip(OsvFeeds.snapshot("debian"));
        server.serve("/Debian/all.zip", java.util.Arrays.copyOf(zip, zip.length - 100));
        assertThatThrownBy(() -> handler().handleRequest(event, null))
                .isInstanceOf(DbUpdateHandler.UpdateFailedException.class)
                .hasMessageContaining("vulndb/current is unchanged (" + key + ")")
                .hasMessageContaining(server.url("/Debian/all.zip"));
        Map<String, Object> failed = lastLine();
        assertThat(failed).containsEntry("level", "ERROR").containsEntry("status", "FAILED")
                .containsEntry("previousKey", key);
        assertThat((String) failed.get("problems")).contains(server.url("/Debian/all.zip"))
                .contains("not a readable zip archive");
        assertThat(pointerBytes()).isEqualTo(pointer);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines()).as("one line per invocation").hasSize(3);
    }

    @Test
    void settingsComeFromTheEnvironmentAndEveryProblemIsNamed() {
        DbUpdateSettings s = DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b",
                "IMAGESCAN_FEEDS", "https://a.example/Alpine/all.zip,https://a.example/Debian/all.zip,"));
        assertThat(s.bucket()).isEqualTo("b");
        assertThat(s.feeds()).containsExactly("https://a.example/Alpine/all.zip", "https://a.example/Debian/all.zip");
        assertThat(s.maxDrop()).isEqualTo(DbUpdateSettings.DEFAULT_MAX_DROP);
        OsvLimits sized = s.limits(OsvLimits.DEFAULT);
        assertThat(sized.maxDownloadBytes()).as("half the function's 2 GiB /tmp").isEqualTo(1L << 30);
        assertThat(sized.downloadTimeout()).as("within its 900 s").isEqualTo(Duration.ofSeconds(600));
        assertThat(sized.plainHttp()).as("https only by default").isFalse();
        assertThat(DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "http://mirror.internal/all.zip", "IMAGESCAN_ALLOW_HTTP_FEEDS", "true")).limits(OsvLimits.DEFAULT)
                .plainHttp()).as("a local mirror, when allowed").isTrue();
        OsvLimits set = DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "https://a.example/all.zip", "IMAGESCAN_MAX_DOWNLOAD_MB", "300",
                "IMAGESCAN_DOWNLOAD_TIMEOUT_SECONDS", "120")).limits(OsvLimits.DEFAULT);
        assertThat(set.maxDownloadBytes()).isEqualTo(300L << 20);
        assertThat(set.downloadTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "https://a.example/all.zip", "IMAGESCAN_MAX_DOWNLOAD_MB", "0",
                "IMAGESCAN_DOWNLOAD_TIMEOUT_SECONDS", "3600")))
                .hasMessageContaining("IMAGESCAN_MAX_DOWNLOAD_MB must be a whole number from 1")
                .hasMessageContaining("IMAGESCAN_DOWNLOAD_TIMEOUT_SECONDS must be a whole number from 1 to 900");

        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_FEEDS", "/tmp/all.zip",
                "IMAGESCAN_MAX_DROP", "2")))
                .hasMessageContaining("IMAGESCAN_BUCKET is not set")
                .hasMessageContaining("'/tmp/all.zip' is not an http(s) URL")
                .hasMessageContaining("IMAGESCAN_MAX_DROP must be a fraction from 0 to 1, not '2'");
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b",
                "IMAGESCAN_FEEDS", "http://x/a.zip,http://x/a.zip", "IMAGESCAN_MAX_DROP", "half")))
                .hasMessageContaining("twice").hasMessageContaining("not 'half'");
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b")))
                .hasMessageContaining("IMAGESCAN_FEEDS is not set");
        // the Ubuntu CVE tracker: named alone (Launchpad's snapshot of master), or from a mirror
        assertThat(DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b",
                "IMAGESCAN_FEEDS", "nvd,ubuntu-tracker")).feeds()).containsExactly("nvd", "ubuntu-tracker");
        assertThat(DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "ubuntu-tracker=https://mirror.example/ubuntu-cve-tracker.tar.gz")).feeds()).hasSize(1);
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b",
                "IMAGESCAN_FEEDS", "nvd,osv")))
                .hasMessageContaining("'osv' is not an http(s) URL, nor a named feed");
        // a named source given twice would be two sources whose same-id records the merge keeps one of
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "alpine=https://m.example/v3.20/main.json,alpine=https://m.example/v3.20/community.json")))
                .hasMessageContaining("IMAGESCAN_FEEDS gives alpine more than once");
        assertThatThrownBy(() -> DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_FEEDS",
                "kev,kev=https://m.example/kev.json")))
                .hasMessageContaining("IMAGESCAN_FEEDS gives kev more than once");
    }

    private Map<String, Object> lastLine() throws IOException {
        List<String> lines = logged.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).isNotEmpty();
        return JSON.std.mapFrom(lines.get(lines.size() - 1));
    }

    private byte[] pointerBytes() throws IOException {
        try (InputStream in = store.get(StoreKeys.VULNDB_CURRENT)) {
            return in.readAllBytes();
        }
    }

    /** {@code events/schedule.json} as the Java runtime deserialises it. */
    private static ScheduledEvent event() throws IOException {
        try (InputStream in = Files.newInputStream(OsvFeeds.repositoryRoot().resolve("events/schedule.json"))) {
            return LambdaEventSerializers.serializerFor(ScheduledEvent.class,
                    DbUpdateFunctionTest.class.getClassLoader()).fromJson(in);
        }
    }
}
