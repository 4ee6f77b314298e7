package dev.imagescan.vulndb.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.osv.OsvFormatException;
import dev.imagescan.vulndb.osv.OsvSources;
import dev.imagescan.vulndb.osv.OsvWarning;
import dev.imagescan.vulndb.testing.Advisories;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources to artifact: newest record per id, withdrawn ones out, every step counted. */
class DatabaseBuilderTest {
    private static final Instant BUILT = Instant.parse("2026-11-27T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void buildsFromADirectoryCountingWithdrawnAndSkippedVectors() throws IOException {
        Path tree = OsvFixtures.copyTo(dir.resolve("osv"));
        List<OsvWarning> warnings = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BuildResult result = new DatabaseBuilder(warnings::add)
                .build(List.of(OsvSources.of(tree.toString())), BUILT, out);

        BuildStats s = result.stats();
        assertThat(s.sources()).isEqualTo(1);
        assertThat(s.recordsRead()).isEqualTo(6);
        assertThat(s.duplicates()).isZero();
        assertThat(s.withdrawn()).isEqualTo(1);
        assertThat(s.advisories()).isEqualTo(5);
        assertThat(s.skippedCvssVectors()).isEqualTo(1);
        assertThat(warnings).hasSize(1);
        assertThat(s.ecosystems()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("Debian:11", 1), Map.entry("Debian:12", 1), Map.entry("Debian:13", 1),
                Map.entry("Ubuntu:22.04:LTS", 1), Map.entry("Ubuntu:24.04:LTS", 1),
                Map.entry("Red Hat:enterprise_linux:9::appstream", 2), Map.entry("Alpine:v3.18", 1),
                Map.entry("Alpine:v3.19", 1), Map.entry("Alpine:v3.20", 1), Map.entry("AlmaLinux:9", 1)));

        VulnDatabase db = VulnDatabases.load(out.toByteArray());
        assertThat(db.info()).isEqualTo(result.info());
        assertThat(db.info().sources()).containsExactly("osv/");
        assertThat(db.info().advisories()).isEqualTo(5);
        assertThat(db.info().builtAt()).isEqualTo(BUILT);
        assertThat(db.info().newestModified()).isEqualTo(Instant.parse("2024-08-23T16:30:37Z"));
        assertThat(db.lookup("Rocky Linux:9", "glibc")).as("withdrawn").isEmpty();
        assertThat(db.lookup("Debian:12", "openssl")).singleElement()
                .satisfies(p -> assertThat(p.advisory().id()).isEqualTo("DEBIAN-CVE-2024-0727"));
    }

    @Test
    void buildsFromAnyAdvisorySourceRecordingEachOnesNameVersionAndRecords() throws IOException {
        AdvisorySource crafted = new AdvisorySource() {
            @Override
            public String name() {
                return "crafted";
            }

            @Override
            public String read(RecordSink sink) throws IOException {
                sink.record(Advisories.record("DSA-1-1").affects(Advisories.fixedIn("Debian:12", "pkg", "2")).build());
                sink.record(Advisories.record("DSA-3-1").affects(Advisories.fixedIn("Debian:12", "lib", "1")).build());
                return "etag:\"v1\"";
            }
        };
        Path b = record(dir.resolve("b.json"), "DSA-2-1", "2024-01-01T00:00:00Z", null, "osv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BuildResult result = new DatabaseBuilder().build(List.of(crafted, OsvSources.of(b.toString())), BUILT, out);

        assertThat(result.stats().perSource()).extracting(BuildStats.SourceRead::name, BuildStats.SourceRead::records)
                .containsExactly(tuple("crafted", 2L), tuple("b.json", 1L));
        assertThat(result.stats().perSource().get(0).version()).isEqualTo("etag:\"v1\"");
        assertThat(result.stats().perSource().get(1).version()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.stats().advisories()).isEqualTo(3);
        assertThat(VulnDatabases.load(out.toByteArray()).info().sources()).containsExactly("crafted", "b.json");
    }

    @Test
    void newestModifiedWinsAcrossSourcesAndTiesKeepTheFirst() throws IOException {
        Path a = record(dir.resolve("a.json"), "DSA-1-1", "2024-01-01T00:00:00Z", null, "first");
        Path b = record(dir.resolve("b.json"), "DSA-1-1", "2024-03-01T00:00:00Z", null, "newest");
        Path c = record(dir.resolve("c.json"), "DSA-1-1", "2024-02-01T00:00:00Z", null, "older");
        Path d = record(dir.resolve("d.json"), "DSA-2-1", "2024-01-01T00:00:00Z", null, "tie one");
        Path e = record(dir.resolve("e.json"), "DSA-2-1", "2024-01-01T00:00:00Z", null, "tie two");

        DatabaseBuilder.Collected collected = new DatabaseBuilder().collect(List.of(OsvSources.of(a.toString()),
                OsvSources.of(b.toString()), OsvSources.of(c.toString()), OsvSources.of(d.toString()),
                OsvSources.of(e.toString())));

        assertThat(collected.stats().recordsRead()).isEqualTo(5);
        assertThat(collected.stats().duplicates()).isEqualTo(3);
        assertThat(collected.records()).extracting(r -> r.advisory().summary()).containsExactly("newest", "tie one");
    }

    @Test
    void aNewerWithdrawnRecordDropsTheIdAndAnOlderOneDoesNot() throws IOException {
        Path live = record(dir.resolve("live.json"), "DSA-1-1", "2024-01-01T00:00:00Z", null, "live");
        Path gone = record(dir.resolve("gone.json"), "DSA-1-1", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z",
                "withdrawn");
        Path old = record(dir.resolve("old.json"), "DSA-2-1", "2023-01-01T00:00:00Z", "2023-01-01T00:00:00Z", "w");
        Path back = record(dir.resolve("back.json"), "DSA-2-1", "2024-01-01T00:00:00Z", null, "back");

        DatabaseBuilder.Collected collected = new DatabaseBuilder().collect(List.of(OsvSources.of(live.toString()),
                OsvSources.of(gone.toString()), OsvSources.of(old.toString()), OsvSources.of(back.toString())));

        assertThat(collected.stats().withdrawn()).isEqualTo(1);
        assertThat(collected.records()).extracting(OsvRecord::advisory).extracting(a -> a.summary())
                .containsExactly("back");
    }

    @Test
    void theFirstMalformedDocumentStopsTheBuild() throws IOException {
        Path good = record(dir.resolve("good.json"), "DSA-1-1", "2024-01-01T00:00:00Z", null, "ok");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"id\": \"DSA-2-1\"}");

        assertThatThrownBy(() -> new DatabaseBuilder().build(List.of(OsvSources.of(good.toString()),
                OsvSources.of(bad.toString())), BUILT, new ByteArrayOutputStream()))
                .isInstanceOf(OsvFormatException.class).hasMessage("bad.json (DSA-2-1): missing 'modified'");
    }

    static Path record(Path file, String id, String modified, String withdrawn, String summary) throws IOException {
        String json = "{\"id\": \"" + id + "\", \"modified\": \"" + modified + "\""
                + (withdrawn == null ? "" : ", \"withdrawn\": \"" + withdrawn + "\"")
                + ", \"summary\": \"" + summary + "\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", "
                + "\"name\": \"pkg\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}]}]}]}";
        return Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    }
}
