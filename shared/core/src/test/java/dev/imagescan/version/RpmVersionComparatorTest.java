package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RpmVersionComparatorTest {

    private final VersionComparator rpm = RpmVersionComparator.INSTANCE;

    static List<Arguments> upstream() {
        return VersionVectors.arguments("/versions/rpm.tsv");
    }

    @Test
    void name() {
        assertThat(rpm.name()).isEqualTo("rpm");
        assertThat(new RpmVersionComparator().name()).isEqualTo("rpm");
    }

    /** The upstream vectors hold no '-' or ':', so EVR parsing must leave them to rpmvercmp. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @MethodSource("upstream")
    void upstreamVectors(String a, String b, int expected) {
        assertThat(rpm.compare(a, b)).isEqualTo(expected);
        assertThat(rpm.compare(b, a)).isEqualTo(-expected);
    }

    /**
      * 1500 random EVR pairs (epochs, releases, stray ':' and '-') decided by rpm 4.18 itself (see
      * src/test/scripts/gen-rpm-vectors.sh), checked in one test so the run stays fast.
      */
    @Test
    void generatedEvrVectorsDecidedByRpm() {
        final String file = "/versions/rpm-evr-generated.tsv";
        assertThat(VersionVectors.read(file)).hasSize(1500);
        assertThat(VersionVectors.mismatches(file, rpm::compare)).isEmpty();
    }

    /**
      * The comparator splits the EVR in place; it must order every pair exactly as {@link RpmVersion} does once
      * parsed: the generated pairs, and the odd shapes (empty epoch, empty or absent release, stray separators).
      */
    @Test
    void ordersAsParsedRpmVersions() {
        final List<String> odd = List.of("1.0", "0:1.0", ":1.0", "1.0-", "1.0-0", "-1", "1:", ":", "-", "", "01:1.0",
                "1:1.0-1", "2:0.1", "1.0-1-2", "1.0:2-3", "a:1.0", "1.0~rc1-1", "1.0^git1", "10:1", "9:9-9");
        final List<String[]> pairs = new ArrayList<>();
        for (VersionVectors.Vector v : VersionVectors.read("/versions/rpm-evr-generated.tsv")) {
            pairs.add(new String[] {v.a(), v.b()});
        }
        for (String a : odd) {
            for (String b : odd) {
                pairs.add(new String[] {a, b});
            }
        }
        for (String[] p : pairs) {
            final int parsed = RpmVersion.parse(p[0]).compareTo(RpmVersion.parse(p[1]));
            assertThat(rpm.compare(p[0], p[1])).as("%s vs %s", p[0], p[1]).isEqualTo(parsed);
            assertThat(rpm.compare(p[1], p[0])).as("%s vs %s", p[1], p[0]).isEqualTo(-parsed);
        }
    }

    @Test
    void sortsAsAComparator() {
        final List<String> xs =
                new ArrayList<>(List.of("1.0-1", "1:0.1", "1.0~rc1-1", "1.0", "1.0^git1-1", "0.9-9"));
        xs.sort(rpm);
        assertThat(xs).containsExactly("0.9-9", "1.0~rc1-1", "1.0", "1.0-1", "1.0^git1-1", "1:0.1");
    }
}
