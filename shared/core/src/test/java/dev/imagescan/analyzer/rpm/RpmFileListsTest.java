package dev.imagescan.analyzer.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The file lists of the real rpm databases in shared/testing ({@code rpmdb/}), against what Debian's rpm 4.18.0 lists
 * for the same database ({@code rpm --dbpath DIR -qal | grep -v '^(contains no files)' | sort -u}: 7,047 paths, whose
 * sorted list, one per line, has the SHA-256 below), in the SQLite and BerkeleyDB copies of Mariner 2's database and
 * SUSE's NDB one (which Debian's rpm cannot open); and malformed file-list tags.
 */
class RpmFileListsTest {
    /** sha256 of rpm's sorted {@code -qal} output for the Mariner 2 database. */
    static final String MARINER_FILES_SHA256 = "c6933c623ab75622dfb23cbf11bda8456159930560ce449aded1d5f8e46fbb3f";

    @Test
    void marinersFilesAsRpmListsThemInBothFormats() throws Exception {
        for (String db : List.of("sqlite-mariner2/rpmdb.sqlite", "bdb-mariner2-le-4096/Packages")) {
            Set<String> files = RpmFileLists.read(RpmFixtures.resource(db));
            assertThat(files).hasSize(7047).contains("usr/bin/rpm", "usr/bin/tdnf", "etc/issue",
                    "usr/lib/python3.9/os.py");
            StringBuilder listing = new StringBuilder();
            files.stream().map(f -> "/" + f).sorted().forEach(f -> listing.append(f).append('\n'));
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(listing.toString().getBytes(StandardCharsets.UTF_8)))).as(db)
                    .isEqualTo(MARINER_FILES_SHA256);
        }
    }

    @Test
    void suseNdbDatabase() throws Exception {
        assertThat(RpmFileLists.read(RpmFixtures.resource("ndb-sle15-bci/Packages.db")))
                .contains("usr/bin/bash", "usr/bin/rpm").hasSizeGreaterThan(1000);
    }

    @Test
    void aHeaderListsItsFilesFromBasenamesDirnamesAndIndexes() throws Exception {
        byte[] blob = new HeaderBlobBuilder().nevr("python3-urllib3", "1.26.5", "1.el9")
                .int32s(RpmHeaderParser.TAG_DIRINDEXES, 0, 1, 1)
                .strings(RpmHeaderParser.TAG_BASENAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "urllib3",
                        "METADATA", "RECORD")
                .strings(RpmHeaderParser.TAG_DIRNAMES, RpmHeaderParser.TYPE_STRING_ARRAY,
                        "/usr/lib/python3.9/site-packages/", "/usr/lib/python3.9/site-packages/urllib3.dist-info/")
                .build();
        assertThat(RpmHeaderParser.fileNames(blob)).containsExactly("/usr/lib/python3.9/site-packages/urllib3",
                "/usr/lib/python3.9/site-packages/urllib3.dist-info/METADATA",
                "/usr/lib/python3.9/site-packages/urllib3.dist-info/RECORD");
        assertThat(RpmHeaderParser.fileNames(new HeaderBlobBuilder().nevr("empty", "1", "1").build())).isEmpty();
        assertThat(RpmHeaderParser.fileNames(new HeaderBlobBuilder().nevr("old", "1", "1")
                .strings(RpmHeaderParser.TAG_OLDFILENAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "/bin/old").build()))
                .containsExactly("/bin/old");
    }

    @Test
    void malformedFileListsAreRefusedByName() {
        assertThatThrownBy(() -> RpmHeaderParser.fileNames(new HeaderBlobBuilder().nevr("x", "1", "1")
                .int32s(RpmHeaderParser.TAG_DIRINDEXES, 0, 0)
                .strings(RpmHeaderParser.TAG_BASENAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "a")
                .strings(RpmHeaderParser.TAG_DIRNAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "/").build()))
                .isInstanceOf(RpmDatabaseException.class).hasMessageContaining("BASENAMES(1117) has 1 entries");
        assertThatThrownBy(() -> RpmHeaderParser.fileNames(new HeaderBlobBuilder().nevr("x", "1", "1")
                .int32s(RpmHeaderParser.TAG_DIRINDEXES, 5)
                .strings(RpmHeaderParser.TAG_BASENAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "a")
                .strings(RpmHeaderParser.TAG_DIRNAMES, RpmHeaderParser.TYPE_STRING_ARRAY, "/").build()))
                .isInstanceOf(RpmDatabaseException.class).hasMessageContaining("DIRINDEXES(1116) entry 0 is 5");
        HeaderBlobBuilder lying = new HeaderBlobBuilder().nevr("x", "1", "1");
        lying.entry(RpmHeaderParser.TAG_BASENAMES, RpmHeaderParser.TYPE_STRING_ARRAY, 0, 1_000_000);
        assertThatThrownBy(() -> RpmHeaderParser.fileNames(lying.build()))
                .isInstanceOf(RpmDatabaseException.class).hasMessageContaining("BASENAMES(1117)");
        HeaderBlobBuilder wide = new HeaderBlobBuilder().nevr("x", "1", "1");
        wide.entry(RpmHeaderParser.TAG_DIRINDEXES, RpmHeaderParser.TYPE_INT32, 0, 1_000_000);
        assertThatThrownBy(() -> RpmHeaderParser.fileNames(wide.build()))
                .isInstanceOf(RpmDatabaseException.class).hasMessageContaining("run past the end");
    }
}
