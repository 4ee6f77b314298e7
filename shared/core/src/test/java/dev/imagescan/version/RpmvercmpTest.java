package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RpmvercmpTest {

    static List<Arguments> upstream() {
        return VersionVectors.arguments("/versions/rpm.tsv");
    }

    /** Every line of rpm's own rpmvercmp.at vectors, both ways round. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @MethodSource("upstream")
    void upstreamVectors(String a, String b, int expected) {
        assertThat(Rpmvercmp.compare(a, b)).isEqualTo(expected);
        assertThat(Rpmvercmp.compare(b, a)).isEqualTo(-expected);
    }

    @Test
    void upstreamFileIsReadWhole() {
        // 92 lines: the header and 91 vectors; a silently skipped line would weaken the proof
        assertThat(VersionVectors.read("/versions/rpm.tsv")).hasSize(91);
    }

    /**
      * 1500 random, mutation-heavy pairs decided by rpm 4.18 itself (see
      * src/test/scripts/gen-rpm-vectors.sh), checked in one test so the run stays fast.
      */
    @Test
    void generatedVectorsDecidedByRpm() {
        final String file = "/versions/rpm-vercmp-generated.tsv";
        // rpm.vercmp() parsed these as EVR: without '-' or ':' that is plain rpmvercmp()
        assertThat(VersionVectors.read(file)).hasSize(1500)
                .allSatisfy(v -> assertThat(v.a() + v.b()).doesNotContain("-", ":"));
        assertThat(VersionVectors.mismatches(file, Rpmvercmp::compare)).isEmpty();
        assertThat(VersionVectors.mismatches(file, RpmVersionComparator.INSTANCE::compare)).isEmpty();
    }

    /** Tilde and caret cases beyond the upstream file (all checked against rpm 4.18's rpmvercmp). */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0~     | 1.0      | -1",
                "1.0~~    | 1.0~     | -1",
                "1.0~     | 1.0~rc1  | -1",
                "1.0~rc1  | 1.0a     | -1",
                "1.0^     | 1.0~     |  1",
                "1.0^~    | 1.0      |  1",
                "1.0^~    | 1.0^     | -1",
                "1.0~^    | 1.0~     |  1",
                "1.0^^    | 1.0^     |  1",
                "1.0^     | 1.0a     | -1",
                "1.0^     | 1.0.1    | -1",
                "1.0^a    | 1.0^1    | -1",
                "1~       | 1.~      |  0",
                "1^       | 1_^      |  0",
                "~        | ''       | -1",
                "^        | ''       |  1",
                "~        | ^        | -1",
                "~~       | ~        | -1",
                "^^       | ^        |  1",
                "~1       | ~        |  1",
                "1.0~rc1^git2 | 1.0~rc1^git10 | -1",
                "2~       | 1        |  1",
                "1^       | 2~       | -1",
            })
    void tildeAndCaret(String a, String b, int expected) {
        assertThat(Rpmvercmp.compare(a, b)).isEqualTo(expected);
        assertThat(Rpmvercmp.compare(b, a)).isEqualTo(-expected);
    }

    /** Empty and separator-only strings (all checked against rpm 4.18's rpmvercmp). */
    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''     | ''     |  0",
                "''     | ...    |  0",
                "._+    | ''     |  0",
                "-:/    | %      |  0",
                "''     | a      | -1",
                "''     | 0      | -1",
                "...    | 0      | -1",
                "1.0.   | 1.0    |  0",
                ".1.0   | 1.0    |  0",
                "1..0   | 1.0    |  0",
                "1.0_   | 1.0    |  0",
                "a      | 1      | -1",
                "1.0a   | 1.0.1  | -1",
                "1.0a   | 1.0    |  1",
                "abc    | abd    | -1",
                "B      | a      | -1",
                "1.0    | 1.00   |  0",
                "0      | 000    |  0",
                "0      | ''     |  1",
            })
    void emptyAndSeparatorOnly(String a, String b, int expected) {
        assertThat(Rpmvercmp.compare(a, b)).isEqualTo(expected);
        assertThat(Rpmvercmp.compare(b, a)).isEqualTo(-expected);
    }

    @Test
    void nonAsciiCharactersAreSeparators() {
        // rpm's character classes are ASCII-only: UTF-8 bytes of other characters separate segments
        assertThat(Rpmvercmp.compare("1.0\u00fc", "1.0")).isZero();
        assertThat(Rpmvercmp.compare("1\u00fc0", "1.0")).isZero();
        assertThat(Rpmvercmp.compare("1.0\u0661", "1.0")).isZero(); // ARABIC-INDIC DIGIT ONE
        assertThat(Rpmvercmp.compare("\uff11", "")).isZero(); // FULLWIDTH DIGIT ONE
        assertThat(Rpmvercmp.compare("1\ud83d\ude001", "1.1")).isZero(); // surrogate pair
        assertThat(Rpmvercmp.compare("1\u00001", "1.1")).isZero(); // NUL is just another separator
    }

    @Test
    void veryLongNumericSegmentsCompareByValueWithoutOverflow() {
        final String big = "9".repeat(500);
        final String bigger = "1" + "0".repeat(500);
        assertThat(Rpmvercmp.compare(big, bigger)).isEqualTo(-1);
        assertThat(Rpmvercmp.compare(bigger, big)).isEqualTo(1);
        assertThat(Rpmvercmp.compare("0".repeat(1000) + big, big)).isZero();
        assertThat(Rpmvercmp.compare("1." + big + "1", "1." + big + "2")).isEqualTo(-1);
        assertThat(Rpmvercmp.compare("1." + big + "a", "1." + "0".repeat(300) + big)).isEqualTo(1);
        // just past long and int range
        assertThat(Rpmvercmp.compare("9223372036854775808", "9223372036854775807")).isEqualTo(1);
        assertThat(Rpmvercmp.compare("4294967296", "4294967295")).isEqualTo(1);
        assertThat(Rpmvercmp.compare("1.18446744073709551616", "1.18446744073709551615")).isEqualTo(1);
        // a long string is not slow: linear in its length
        final String huge = "1." + "7".repeat(1_000_000);
        assertThat(Rpmvercmp.compare(huge, huge + "0")).isEqualTo(-1);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Rpmvercmp.compare(null, "1")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rpmvercmp.compare("1", null)).isInstanceOf(NullPointerException.class);
    }

    /** rpmvercmp is a total order: reflexive, antisymmetric, transitive, results in {-1, 0, 1}. */
    @Test
    void totalOrderOnRandomStrings() {
        final Random rnd = new Random(42);
        final List<String> xs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            xs.add(randomVersion(rnd));
        }
        for (String a : xs) {
            assertThat(Rpmvercmp.compare(a, a)).isZero();
            assertThat(Rpmvercmp.compare(a, new String(a.toCharArray()))).isZero();
        }
        for (String a : xs) {
            for (String b : xs) {
                final int ab = Rpmvercmp.compare(a, b);
                assertThat(ab).isBetween(-1, 1);
                assertThat(Rpmvercmp.compare(b, a)).as("%s vs %s", a, b).isEqualTo(-ab);
            }
        }
        for (int i = 0; i < 200_000; i++) {
            final String a = xs.get(rnd.nextInt(xs.size()));
            final String b = xs.get(rnd.nextInt(xs.size()));
            final String c = xs.get(rnd.nextInt(xs.size()));
            if (Rpmvercmp.compare(a, b) <= 0 && Rpmvercmp.compare(b, c) <= 0) {
                final int ac = Rpmvercmp.compare(a, c);
                assertThat(ac).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
                if (Rpmvercmp.compare(a, b) == 0 && Rpmvercmp.compare(b, c) == 0) {
                    assertThat(ac).as("%s == %s == %s", a, b, c).isZero();
                }
            }
        }
        final List<String> sorted = new ArrayList<>(xs);
        sorted.sort(Rpmvercmp::compare);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(Rpmvercmp.compare(sorted.get(i - 1), sorted.get(i))).isLessThanOrEqualTo(0);
        }
    }

    /** Short strings over a small alphabet, so that equal and near-equal pairs are common. */
    static String randomVersion(Random rnd) {
        final String[] atoms = {
            "0", "1", "2", "01", "00", "10", "a", "b", "Z", "rc", ".", "_", "~", "^", "~", "^", "+", "-"
        };
        final StringBuilder sb = new StringBuilder();
        final int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(atoms[rnd.nextInt(atoms.length)]);
        }
        return sb.toString();
    }
}
