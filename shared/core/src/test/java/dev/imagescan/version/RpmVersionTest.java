package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmVersionTest {

    /** input | epoch | hasEpoch | version | release | hasRelease; toString must give the input back. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "1.0                | 0 | false | 1.0     | ''      | false",
                "1.0-1              | 0 | false | 1.0     | 1       | true",
                "2:1.0-1.el8        | 2 | true  | 1.0     | 1.el8   | true",
                "0:1.0              | 0 | true  | 1.0     | ''      | false",
                "007:1.0            | 7 | true  | 1.0     | ''      | false",
                ":1.0               | 0 | true  | 1.0     | ''      | false",
                "1.0-               | 0 | false | 1.0     | ''      | true",
                "1.2-3-4            | 0 | false | 1.2-3   | 4       | true",
                "1:2:3              | 1 | true  | 2:3     | ''      | false",
                "1:2:3-4:5          | 1 | true  | 2:3     | 4:5     | true",
                "1-2:3              | 0 | false | 1       | 2:3     | true",
                "a:1.0              | 0 | false | a:1.0   | ''      | false",
                "1a:1.0             | 0 | false | 1a:1.0  | ''      | false",
                "''                 | 0 | false | ''      | ''      | false",
                "-                  | 0 | false | ''      | ''      | true",
                ":                  | 0 | true  | ''      | ''      | false",
                "::                 | 0 | true  | :       | ''      | false",
                "--                 | 0 | false | -       | ''      | true",
                "-1                 | 0 | false | ''      | 1       | true",
                "1:-1               | 1 | true  | ''      | 1       | true",
                "' 1:1.0 '          | 0 | false | ' 1:1.0 '| ''      | false",
                "9223372036854775807:1 | 9223372036854775807 | true | 1 | '' | false",
                "9223372036854775808:1 | 9223372036854775807 | true | 1 | '' | false",
                "99999999999999999999999:1 | 9223372036854775807 | true | 1 | '' | false",
            })
    void parse(String in, long epoch, boolean hasEpoch, String version, String release,
            boolean hasRelease) {
        final RpmVersion v = RpmVersion.parse(in);
        assertThat(v.epoch()).isEqualTo(epoch);
        assertThat(v.hasEpoch()).isEqualTo(hasEpoch);
        assertThat(v.version()).isEqualTo(version);
        assertThat(v.release()).isEqualTo(release);
        assertThat(v.hasRelease()).isEqualTo(hasRelease);
        assertThat(v.toString()).isEqualTo(in);
        assertThat(RpmVersion.parse(v.toString())).isEqualTo(v);
    }

    @Test
    void of() {
        assertThat(RpmVersion.of(0, "1.0", "1")).hasToString("1.0-1").isEqualTo(RpmVersion.parse("1.0-1"));
        assertThat(RpmVersion.of(3, "1.0", null)).hasToString("3:1.0").isEqualTo(RpmVersion.parse("3:1.0"));
        assertThat(RpmVersion.of(0, "1.0", null)).hasToString("1.0");
        assertThat(RpmVersion.of(0, "1.0", "").hasRelease()).isTrue();
        assertThat(RpmVersion.of(0, "1.0", "")).hasToString("1.0-");
        assertThat(RpmVersion.of(Long.MAX_VALUE, "1", "1").epoch()).isEqualTo(Long.MAX_VALUE);
        assertThat(RpmVersion.of(0, "1.0", "1").hasEpoch()).isFalse();
        assertThat(RpmVersion.of(1, "1.0", "1").hasEpoch()).isTrue();
        assertThatThrownBy(() -> RpmVersion.of(-1, "1", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpmVersion.of(0, null, "1")).isInstanceOf(NullPointerException.class);
    }

    /** EVR ordering: rpm's rpmverCmp(). Every row was checked against rpm 4.18's rpm.ver/vercmp. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1:1.0-1            | 2.0-1              |  1",
                "1:0.1              | 9.9-9              |  1",
                "0:1.0              | 1.0                |  0",
                ":1.0               | 0:1.0              |  0",
                ":1.0               | 1.0                |  0",
                "00001:1            | 1:1                |  0",
                "1.0                | 1.0-1              | -1",
                "1.0                | 1.0-               | -1",
                "1.0-               | 1.0-1              | -1",
                "1.0-1              | 1.0-2              | -1",
                "1.0-10             | 1.0-9              |  1",
                "1.0-1              | 1.0-1.el8          | -1",
                "1.0-1.el8          | 1.0-1.el8_1        | -1",
                "1.0-1.el8_1        | 1.0-1.el8_1.1      | -1",
                "1.0-1.fc39         | 1.0-1.el8          |  1",
                "1.0-1              | 1.0~rc1-5          |  1",
                "1.0-1~             | 1.0-1              | -1",
                "1.0-1^             | 1.0-1              |  1",
                "1.0-1              | 1.0_1              | -1",
                "1-2:3              | 1-2:4              | -1",
                "1:2:3              | 1:2:4              | -1",
                "-1                 | -2                 | -1",
                "-                  | :                  |  1",
                "99999999999999999999999:1 | 1:1         |  1",
                "99999999999999999999999:1 | 99999999999999999999998:2 | 1",
                "2.6.32-754.el6     | 2.6.32-754.35.1.el6 | -1",
                "1:2.9.0-1.el9      | 2:0.1-1.el9        | -1",
            })
    void ordering(String a, String b, int expected) {
        final RpmVersion va = RpmVersion.parse(a);
        final RpmVersion vb = RpmVersion.parse(b);
        assertThat(va.compareTo(vb)).isEqualTo(expected);
        assertThat(vb.compareTo(va)).isEqualTo(-expected);
        assertThat(RpmVersionComparator.INSTANCE.compare(a, b)).isEqualTo(expected);
    }

    /** rpmverOverlap()'s comparison: releases only when both sides have a non-empty one. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0       | 1.0-1     |  0",
                "1.0-      | 1.0-1     |  0",
                "0:1.0     | 1.0-1     |  0",
                "1.0-1     | 1.0-2     | -1",
                "1.0-1     | 1.0-1     |  0",
                "0.9       | 1.0-1     | -1",
                "1:1.0     | 1.0-9     |  1",
                "1.0~rc1   | 1.0-1     | -1",
                "1.0^git1  | 1.0-1     |  1",
            })
    void orderingIgnoringMissingRelease(String a, String b, int expected) {
        final RpmVersion va = RpmVersion.parse(a);
        final RpmVersion vb = RpmVersion.parse(b);
        assertThat(va.compareIgnoringMissingRelease(vb)).isEqualTo(expected);
        assertThat(vb.compareIgnoringMissingRelease(va)).isEqualTo(-expected);
    }

    @Test
    void equalsIsTheTextFormWhileCompareToIsRpmEquivalence() {
        final RpmVersion zero = RpmVersion.parse("0:1.0");
        final RpmVersion none = RpmVersion.parse("1.0");
        assertThat(zero).isNotEqualTo(none);
        assertThat(zero.compareTo(none)).isZero();
        assertThat(RpmVersion.parse("1.0-01")).isNotEqualTo(RpmVersion.parse("1.0-1"));
        assertThat(RpmVersion.parse("1.0-01").compareTo(RpmVersion.parse("1.0-1"))).isZero();
        assertThat(RpmVersion.parse("1:1.0-1")).isEqualTo(RpmVersion.of(1, "1.0", "1"))
                .hasSameHashCodeAs(RpmVersion.of(1, "1.0", "1"));
        assertThat(RpmVersion.parse("1.0-")).isNotEqualTo(RpmVersion.parse("1.0"));
    }

    @Test
    void veryLongNumbersInEveryPart() {
        final String n = "1" + "0".repeat(200);
        final String m = "9".repeat(200);
        assertThat(RpmVersion.parse(n + ":1-1").compareTo(RpmVersion.parse(m + ":9-9"))).isEqualTo(1);
        assertThat(RpmVersion.parse("1." + n + "-1").compareTo(RpmVersion.parse("1." + m + "-9")))
                .isEqualTo(1);
        assertThat(RpmVersion.parse("1-" + n).compareTo(RpmVersion.parse("1-" + m))).isEqualTo(1);
        assertThat(RpmVersion.parse("000" + n + ":1").compareTo(RpmVersion.parse(n + ":1"))).isZero();
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> RpmVersion.parse(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RpmVersion.parse("1").compareTo(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RpmVersionComparator.INSTANCE.compare(null, "1"))
                .isInstanceOf(NullPointerException.class);
    }

    /** Any string parses, round-trips, and compareTo is a total order that sorting accepts. */
    @Test
    void garbageNeverThrowsAndStaysATotalOrder() {
        final Random rnd = new Random(7);
        final List<RpmVersion> xs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            final String s = garbage(rnd);
            final RpmVersion v = RpmVersion.parse(s);
            assertThat(v.toString()).isEqualTo(s);
            assertThat(v.compareTo(v)).isZero();
            assertThat(v.compareIgnoringMissingRelease(v)).isZero();
            xs.add(v);
        }
        for (RpmVersion a : xs) {
            for (RpmVersion b : xs) {
                final int ab = a.compareTo(b);
                assertThat(ab).isBetween(-1, 1);
                assertThat(b.compareTo(a)).as("%s vs %s", a, b).isEqualTo(-ab);
                assertThat(b.compareIgnoringMissingRelease(a)).isEqualTo(-a.compareIgnoringMissingRelease(b));
            }
        }
        for (int i = 0; i < 200_000; i++) {
            final RpmVersion a = xs.get(rnd.nextInt(xs.size()));
            final RpmVersion b = xs.get(rnd.nextInt(xs.size()));
            final RpmVersion c = xs.get(rnd.nextInt(xs.size()));
            if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                assertThat(a.compareTo(c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
            }
        }
        final List<RpmVersion> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1).compareTo(sorted.get(i))).isLessThanOrEqualTo(0);
        }
    }

    /** Short strings mixing EVR syntax, rpm's special characters, controls and non-ASCII. */
    private static String garbage(Random rnd) {
        final String[] atoms = {
            "0", "1", "9", "00", "a", "Z", ".", "~", "^", "-", ":", "-", ":", "_", " ", "\t", "\u0000",
            "\u00fc", "\uff11", "\ud83d\ude00", "\ud800", "%", "1:", "0:", "-1"
        };
        final StringBuilder sb = new StringBuilder();
        final int n = rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append(atoms[rnd.nextInt(atoms.length)]);
        }
        return sb.toString();
    }
}
