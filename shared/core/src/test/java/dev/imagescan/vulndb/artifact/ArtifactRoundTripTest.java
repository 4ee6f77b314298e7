package dev.imagescan.vulndb.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.bench.OsvCorpusGenerator;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records to artifact to loaded database: every lookup answers what the in-memory database answers. */
class ArtifactRoundTripTest {
    private static final Instant BUILT = Instant.parse("2026-11-27T12:34:56.789Z");
    private static final List<String> SOURCES = List.of("all.zip", "https://osv.example/Debian/all.zip");
    private static final List<OsvRecord> RECORDS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void records() throws IOException {
        OsvParser parser = new OsvParser();
        OsvFixtures.RECORDS.forEach(name -> RECORDS.add(OsvFixtures.record(name)));
        for (OsvCorpusGenerator.Document d : new OsvCorpusGenerator(42).documents(3000)) {
            RECORDS.add(parser.parse(d.json(), d.id()));
        }
        RECORDS.addAll(oddNames());
    }

    @Test
    void everyLookupEqualsTheInMemoryDatabase() throws IOException {
        byte[] artifact = write(RECORDS, BUILT);
        VulnDatabase loaded = VulnDatabases.load(artifact);
        InMemoryVulnDatabase memory = new InMemoryVulnDatabase(loaded.info(), RECORDS);

        Set<List<String>> keys = keys(RECORDS);
        assertThat(keys).hasSizeGreaterThan(1000);
        for (List<String> key : keys) {
            assertThat(loaded.lookup(key.get(0), key.get(1))).as("%s", key)
                    .isEqualTo(memory.lookup(key.get(0), key.get(1)));
        }
        assertThat(loaded.lookup("Debian:12", "openssl")).isNotEmpty();
        assertThat(loaded.ecosystems()).isEqualTo(memory.ecosystems());
    }

    @Test
    void absentKeysFindNothing() throws IOException {
        VulnDatabase db = VulnDatabases.load(write(RECORDS, BUILT));

        assertThat(db.lookup("Debian:12", "no-such-package")).isEmpty();
        assertThat(db.lookup("Debian:12", "openss")).isEmpty();
        assertThat(db.lookup("Debian:12", "openssl0")).isEmpty();
        assertThat(db.lookup("Debian:12", "")).isEmpty();
        assertThat(db.lookup("Debian", "openssl")).isEmpty();
        assertThat(db.lookup("No Such:1", "openssl")).isEmpty();
        assertThat(db.lookup("Rocky Linux:9", "glibc")).as("withdrawn record")
                .noneSatisfy(p -> assertThat(p.advisory().id()).isEqualTo("RLSA-2023:0001"));
        assertThat(db.lookup("debian:12", "openssl")).as("case-sensitive").isEmpty();
    }

    @Test
    void everyFixStatusOfAnEntryIsKept() throws IOException {
        List<AffectedPackage> entries = new ArrayList<>();
        for (FixStatus status : FixStatus.values()) {
            if (!status.fixed()) {
                entries.add(new AffectedPackage("Red Hat:enterprise_linux:9::appstream", "pkg-" + status.word(),
                        List.of(new VersionRange(List.of(RangeEvent.introduced("0")))), List.of(), "Low", status));
            }
        }
        OsvRecord vex = new OsvRecord(new Advisory("CVE-2024-7", List.of(), "s", null, BUILT, List.of(), "Low",
                List.of()), null, entries);
        VulnDatabase db = VulnDatabases.load(write(List.of(vex), BUILT));

        for (AffectedPackage e : entries) {
            assertThat(db.lookup(e.ecosystem(), e.name())).singleElement()
                    .satisfies(a -> assertThat(a.affected()).isEqualTo(e));
        }
    }

    @Test
    void infoSaysWhatWasWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabaseInfo written = DatabaseWriter.write(RECORDS, SOURCES, BUILT, out);
        byte[] artifact = out.toByteArray();
        DatabaseInfo loaded = VulnDatabases.load(artifact).info();

        assertThat(loaded).isEqualTo(written);
        assertThat(loaded.formatVersion()).isEqualTo(3);
        assertThat(loaded.builtAt()).isEqualTo(BUILT);
        assertThat(loaded.sources()).isEqualTo(SOURCES);
        assertThat(loaded.advisories()).isEqualTo(RECORDS.stream().filter(r -> r.withdrawn() == null).count());
        assertThat(loaded.ecosystems()).isEqualTo(InMemoryVulnDatabase.countEcosystems(RECORDS));
        assertThat(loaded.newestModified()).isEqualTo(RECORDS.stream().filter(r -> r.withdrawn() == null)
                .map(r -> r.advisory().modified()).max(Instant::compareTo).orElseThrow());
        assertThat(loaded.digest()).isEqualTo("sha256:" + sha256(artifact));
    }

    @Test
    void fileStreamAndBytesLoadAlike() throws IOException {
        byte[] artifact = write(RECORDS, BUILT);
        Path file = Files.write(dir.resolve("vulndb.bin"), artifact);

        DatabaseInfo fromBytes = VulnDatabases.load(artifact).info();
        assertThat(VulnDatabases.load(file).info()).isEqualTo(fromBytes);
        assertThat(VulnDatabases.load(new ByteArrayInputStream(artifact)).info()).isEqualTo(fromBytes);
    }

    @Test
    void sameRecordsAndTimeGiveTheSameBytesWhateverTheirOrder() throws IOException {
        List<OsvRecord> shuffled = new ArrayList<>(RECORDS);
        Collections.shuffle(shuffled, new Random(7));

        byte[] first = write(RECORDS, BUILT);
        assertThat(write(shuffled, BUILT)).isEqualTo(first);
        assertThat(write(RECORDS, BUILT.plusSeconds(1))).isNotEqualTo(first);
    }

    @Test
    void emptyDatabase() throws IOException {
        VulnDatabase db = VulnDatabases.load(write(List.of(), BUILT));

        assertThat(db.info().advisories()).isZero();
        assertThat(db.info().newestModified()).isNull();
        assertThat(db.info().ecosystems()).isEmpty();
        assertThat(db.ecosystems()).isEmpty();
        assertThat(db.lookup("Debian:12", "openssl")).isEmpty();
    }

    @Test
    void twoRecordsWithOneIdAreRefused() {
        OsvRecord r = OsvFixtures.record("DEBIAN-CVE-2024-0727.json");

        assertThatThrownBy(() -> write(List.of(r, r), BUILT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two records with id DEBIAN-CVE-2024-0727");
    }

    @Test
    void lookupsFromManyThreadsAgree() throws IOException {
        VulnDatabase loaded = VulnDatabases.load(write(RECORDS, BUILT));
        InMemoryVulnDatabase memory = new InMemoryVulnDatabase(loaded.info(), RECORDS);
        List<List<String>> keys = new ArrayList<>(keys(RECORDS));

        keys.parallelStream().forEach(k -> assertThat(loaded.lookup(k.get(0), k.get(1)))
                .isEqualTo(memory.lookup(k.get(0), k.get(1))));
    }

    /** Names that sort differently by UTF-16 and by UTF-8, or by case, or share prefixes; and every field set. */
    private static List<OsvRecord> oddNames() {
        List<OsvRecord> records = new ArrayList<>();
        String[] names = {"z", "zz", "Z", "a", "\u00e4-pkg", "\uff41-fullwidth", "\ud835\udcb3-math", "z\u0000z",
            "lib\u00e9"};
        int n = 0;
        for (String name : names) {
            Advisory a = new Advisory("x_odd-" + n++, List.of("CVE-2024-" + n), "odd " + name,
                    Instant.ofEpochSecond(-86_400L * n, 123_456_789), Instant.ofEpochSecond(1_700_000_000L + n, n),
                    List.of(new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
                            new CvssScore("4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                                    9.3)),
                    n % 2 == 0 ? "high" : null, List.of("https://example.org/" + n));
            records.add(new OsvRecord(a, null, List.of(
                    new AffectedPackage("Odd:1", name, List.of(new VersionRange(List.of(RangeEvent.introduced("0"),
                            RangeEvent.lastAffected("1.0"))), new VersionRange(List.of(RangeEvent.introduced("2"),
                            RangeEvent.limit("3")))), List.of("0.9", "1.0"), n % 3 == 0 ? "low" : null),
                    new AffectedPackage("Odd:1", name, List.of(), List.of(), "second entry, same package"))));
        }
        return records;
    }

    private static Set<List<String>> keys(List<OsvRecord> records) {
        Set<List<String>> keys = new LinkedHashSet<>();
        records.forEach(r -> r.affected().forEach(a -> keys.add(List.of(a.ecosystem(), a.name()))));
        return keys;
    }

    static byte[] write(List<OsvRecord> records, Instant builtAt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabaseWriter.write(records, SOURCES, builtAt, out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
