package dev.imagescan.match;

import static dev.imagescan.vulndb.RangeEvent.fixed;
import static dev.imagescan.vulndb.RangeEvent.introduced;
import static dev.imagescan.vulndb.RangeEvent.lastAffected;
import static dev.imagescan.vulndb.RangeEvent.limit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every OSV range rule, for each of the three package families: a table of (family, events, installed version) →
 * (affected, fix). Events are written {@code i:V} introduced, {@code f:V} fixed, {@code l:V} last_affected,
 * {@code x:V} limit, separated by spaces; {@code |} starts a second range; {@code v:V} lists an explicit version.
 */
class AffectedRangesTest {

    @ParameterizedTest(name = "{0} [{1}] at {2} → affected={3} fix={4}")
    @CsvSource(delimiter = ';', nullValues = "-", textBlock = """
            # dpkg: introduced 0 / fixed, tilde backports, epochs, revisions
            deb; i:0 f:3.0.11-1~deb12u3; 3.0.11-1~deb12u2; true; 3.0.11-1~deb12u3
            deb; i:0 f:3.0.11-1~deb12u3; 3.0.11-1~deb12u3; false; -
            deb; i:0 f:3.0.11-1~deb12u3; 3.0.15-1~deb12u1; false; -
            deb; i:0 f:3.0.11-1; 3.0.11-1~deb12u2; true; 3.0.11-1
            deb; i:0 f:1:2.0-1; 2.5-1; true; 1:2.0-1
            deb; i:0 f:2.36-9+deb12u7; 2.36-9+deb12u4; true; 2.36-9+deb12u7
            deb; i:0; 7.88.1-10+deb12u5; true; -
            deb; i:2.0 f:2.4; 1.9; false; -
            deb; i:2.0 f:2.4; 2.0; true; 2.4
            deb; i:2.0 f:2.4; 2.4~rc1; true; 2.4
            deb; i:0 l:2.2; 2.2; true; -
            deb; i:0 l:2.2; 2.2+b1; false; -
            deb; i:0 f:1.5 i:2.0 f:2.3; 1.7; false; -
            deb; i:0 f:1.5 i:2.0 f:2.3; 2.1; true; 2.3
            deb; i:0 f:1.5 i:2.0 f:2.3; 1.2; true; 1.5
            deb; i:0 x:2.0; 1.5; true; -
            deb; i:0 x:2.0; 2.0; false; -
            deb; i:0 f:1.0 | i:0; 1.5; true; -
            deb; v:1.2-1 v:1.2-2; 1.2-2; true; -
            deb; v:1.2-1 v:1.2-2; 1.2-3; false; -
            deb; i:5.0 f:5.1 v:1.2-2; 1.2-2; true; 5.1
            # apk: -rN revisions, _p and _rc suffixes
            apk; i:0 f:1.36.1-r30; 1.36.1-r29; true; 1.36.1-r30
            apk; i:0 f:1.36.1-r29; 1.36.1-r29; false; -
            apk; i:0 f:3.3.2-r1; 3.3.2-r0; true; 3.3.2-r1
            apk; i:0 f:1.2.5_p1-r0; 1.2.5-r0; true; 1.2.5_p1-r0
            apk; i:0 f:1.2.5-r0; 1.2.5_rc1-r0; true; 1.2.5-r0
            apk; i:5.6.0 f:5.6.1-r2; 5.4.6-r0; false; -
            apk; i:5.6.0 f:5.6.1-r2; 5.6.1-r1; true; 5.6.1-r2
            apk; i:0 l:1.1.24-r2; 1.1.24-r2; true; -
            apk; i:0 l:1.1.24-r2; 1.1.24-r3; false; -
            apk; i:0; 2.10.4-r3; true; -
            # rpm: epoch:version-release, missing epoch is 0, rpmvercmp segments
            rpm; i:0 f:1:1.0.2k-26.el7_9; 1:1.0.2k-25.el7_9; true; 1:1.0.2k-26.el7_9
            rpm; i:0 f:1:1.0.2k-26.el7_9; 1.0.2k-30.el7_9; true; 1:1.0.2k-26.el7_9
            rpm; i:0 f:1:1.0.2k-26.el7_9; 1:1.0.2k-26.el7_9; false; -
            rpm; i:0 f:2.28-236.el9_4.1; 2.28-236.el9; true; 2.28-236.el9_4.1
            rpm; i:0 f:2.28-236.el9; 2.28-236.el9_4.1; false; -
            rpm; i:0 f:4.16.1.3-29.el9; 4.16.1.3-29.el9~beta; true; 4.16.1.3-29.el9
            rpm; i:2.0-1 l:2.5-3; 2.5-3; true; -
            rpm; i:2.0-1 l:2.5-3; 1.9-9; false; -
            """)
    void evaluates(String family, String events, String installed, boolean affected, String fix) {
        VersionComparator cmp = VersionComparators.forPackageType(family);
        RangeVerdict verdict = AffectedRanges.evaluate(entry(events), installed, cmp);

        assertThat(verdict.affected()).isEqualTo(affected);
        assertThat(verdict.fixedVersion()).isEqualTo(fix);
    }

    /** Parses the table's event notation into one affected entry. */
    private static AffectedPackage entry(String notation) {
        List<VersionRange> ranges = new java.util.ArrayList<>();
        List<String> versions = new java.util.ArrayList<>();
        for (String rangeText : notation.split("\\|")) {
            List<RangeEvent> events = new java.util.ArrayList<>();
            for (String token : rangeText.trim().split(" +")) {
                String v = token.substring(2);
                switch (token.charAt(0)) {
                    case 'i' -> events.add(introduced(v));
                    case 'f' -> events.add(fixed(v));
                    case 'l' -> events.add(lastAffected(v));
                    case 'x' -> events.add(limit(v));
                    case 'v' -> versions.add(v);
                    default -> throw new IllegalArgumentException(token);
                }
            }
            if (!events.isEmpty()) {
                ranges.add(new VersionRange(events));
            }
        }
        return new AffectedPackage("Crafted:1", "pkg", ranges, versions, null);
    }
}
