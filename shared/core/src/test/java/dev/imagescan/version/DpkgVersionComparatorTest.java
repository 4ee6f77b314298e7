package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DpkgVersionComparatorTest {

    private static final String UPSTREAM = "/versions/dpkg.tsv";

    private final VersionComparator dpkg = DpkgVersionComparator.INSTANCE;

    static List<Arguments> upstream() {
        return VersionVectors.read(UPSTREAM).stream()
                .map(v -> Arguments.of(v.line(), v.a(), v.b(), v.expected()))
                .toList();
    }

    @Test
    void name() {
        assertThat(dpkg.name()).isEqualTo("dpkg");
        assertThat(new DpkgVersionComparator().name()).isEqualTo("dpkg");
    }

    /** Every line of dpkg's own comparison vectors, both ways round, as strings and as parsed values. */
    @ParameterizedTest(name = "dpkg.tsv:{0}: {1} vs {2} -> {3}")
    @MethodSource("upstream")
    void upstreamVectors(int line, String a, String b, int expected) {
        final String where = "dpkg.tsv:" + line + ": " + a + " vs " + b;
        assertThat(dpkg.compare(a, b)).as(where).isEqualTo(expected);
        assertThat(dpkg.compare(b, a)).as(where + " (reversed)").isEqualTo(-expected);
        assertThat(DpkgVersion.parse(a).compareTo(DpkgVersion.parse(b))).as(where + " (parsed)").isEqualTo(expected);
        assertThat(DpkgVersion.parse(b).compareTo(DpkgVersion.parse(a))).as(where + " (parsed, reversed)")
                .isEqualTo(-expected);
        // all of dpkg's vectors are well-formed versions
        assertThat(DpkgVersion.isValid(a)).as(where + ": valid " + a).isTrue();
        assertThat(DpkgVersion.isValid(b)).as(where + ": valid " + b).isTrue();
    }

    @Test
    void upstreamFileIsReadWhole() {
        // every line but the header is a vector: none may be skipped silently
        final long lines = VersionVectors.lines(UPSTREAM).stream().filter(l -> !l.startsWith("#")).count() - 1;
        assertThat(lines).isEqualTo(43);
        assertThat(VersionVectors.read(UPSTREAM)).hasSize((int) lines);
    }

    /** Parts of {@code [epoch:]upstream[-revision]}, lenient for what dpkg rejects. */
    @ParameterizedTest(name = "''{0}'' -> {1} ''{2}'' ''{3}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "1:2.0-3              | 1 | 2.0       | 3",
                "2.0                  | 0 | 2.0       | ''",
                "0:2.0-0              | 0 | 2.0       | 0",
                "1:2:3-4-5            | 1 | 2:3-4     | 5",
                "'  1.0-1 '           | 0 | 1.0       | 1",
                "007:1                | 7 | 1         | ''",
                "+1:1                 | 1 | 1         | ''",
                "-5:1                 | -5 | 1        | ''",
                "99999999999999999999:1 | 9223372036854775807 | 1 | ''",
                "a:1                  | 0 | a:1       | ''",
                ":1                   | 0 | :1        | ''",
                "1-2:3                | 0 | 1         | 2:3",
                "1:                   | 1 | ''        | ''",
                "1-                   | 0 | 1         | ''",
                "-1                   | 0 | ''        | 1",
                "-                    | 0 | ''        | ''",
                "''                   | 0 | ''        | ''",
                "'1 2-3'              | 0 | 1 2       | 3",
            })
    void parse(String version, long epoch, String upstream, String revision) {
        assertThat(DpkgVersion.parse(version)).isEqualTo(new DpkgVersion(epoch, upstream, revision));
    }

    @Test
    void toStringWritesTheEpochOnlyWhenNeeded() {
        assertThat(DpkgVersion.parse("1:2.0-3")).hasToString("1:2.0-3");
        assertThat(DpkgVersion.parse("0:2.0-3")).hasToString("2.0-3");
        assertThat(DpkgVersion.parse("2.0")).hasToString("2.0");
        assertThat(DpkgVersion.parse("0:2:0")).hasToString("0:2:0");
        assertThat(DpkgVersion.parse("a:1")).hasToString("0:a:1");
        assertThat(DpkgVersion.parse(DpkgVersion.parse("a:1").toString())).isEqualTo(DpkgVersion.parse("a:1"));
        assertThatThrownBy(() -> new DpkgVersion(0, null, "")).isInstanceOf(NullPointerException.class);
    }

    /** dpkg's parseversion() checks, one per error or warning message. */
    @ParameterizedTest(name = "''{0}'' valid: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0                      | true",
                "1:2.30.2-1+deb11u2       | true",
                "1.0~rc1+dfsg-1ubuntu0.1  | true",
                "'\t 1.0 \t'              | true",
                "0                        | true",
                "1:2:3                    | true",
                "1:2-3-4                  | true",
                "2147483647:1             | true",
                "-0:1                     | true",
                "+1:1                     | true",
                "1.0-a.B+c~d              | true",
                "1A.b                     | true",
                "''                       | false", // version string is empty
                "'  '                     | false", // version string is empty
                "'1 2'                    | false", // version string has embedded spaces
                ":1                       | false", // epoch in version is empty
                "a:1                      | false", // epoch in version is not number
                "1a:1                     | false", // epoch in version is not number
                "-1:1                     | false", // epoch in version is negative
                "2147483648:1             | false", // epoch in version is too big
                "99999999999999999999:1   | false", // epoch in version is too big
                "1:                       | false", // nothing after colon in version number
                "1-                       | false", // revision number is empty
                "-1                       | false", // version number is empty
                "1:-1                     | false", // version number is empty
                "a1                       | false", // version number does not start with digit
                "~1                       | false", // version number does not start with digit
                "1_0                      | false", // invalid character in version number
                "1.0\u00e9                | false", // invalid character in version number
                "1.0-1_1                  | false", // invalid character in revision number
                "1.0-1:1                  | false", // invalid character in revision number
            })
    void isValid(String version, boolean valid) {
        assertThat(DpkgVersion.isValid(version)).isEqualTo(valid);
    }

    /** Cases beyond the upstream file, derived from verrevcmp() and parseversion() by hand. */
    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0          | 1.0-0        |  0",
                "1.0-         | 1.0          |  0",
                "1.0-00       | 1.0          |  0",
                "'1.0 '       | '  1.0'      |  0",
                "0:1.0        | 1.0          |  0",
                "007:1        | 7:1          |  0",
                "+1:0         | 1:0          |  0",
                "-0:1         | 1            |  0",
                "1:0          | 2.0          |  1",
                "-1:5         | 0            | -1",
                "99999999999999999999:1 | 99999999999999999998:2 | 1",
                "99999999999999999999:1 | 1:2 | 1",
                "-99999999999999999999:1 | -1:2 | -1",
                "a:1          | 1            |  1",
                "1.0~~        | 1.0~~a       | -1",
                "1.0~~a       | 1.0~         | -1",
                "1.0~         | 1.0~a        | -1",
                "1.0~a        | 1.0          | -1",
                "1.0          | 1.0a         | -1",
                "1.0a         | 1.0A         |  1",
                "1.0Z         | 1.0a         | -1",
                "1.0a         | 1.0+         | -1",
                "1.0+         | 1.0.         | -1",
                "1.0.         | 1.0.0        |  0",
                "1.0.         | 1.0.1        | -1",
                "1.0          | 1.00         |  0",
                "1.0-1        | 1.0-1.0      | -1",
                "1.0-1~       | 1.0-1        | -1",
                "''           | 0            |  0",
                "''           | ~            |  1",
                "''           | a            | -1",
            })
    void beyondUpstream(String a, String b, int expected) {
        assertThat(dpkg.compare(a, b)).isEqualTo(expected);
        assertThat(dpkg.compare(b, a)).isEqualTo(-expected);
    }

    @Test
    void veryLongDigitRunsCompareByValueWithoutOverflow() {
        final String big = "9".repeat(500);
        final String bigger = "1" + "0".repeat(500);
        assertThat(dpkg.compare("1." + big, "1." + bigger)).isEqualTo(-1);
        assertThat(dpkg.compare("1." + bigger, "1." + big)).isEqualTo(1);
        assertThat(dpkg.compare("0".repeat(1000) + big, big)).isZero();
        assertThat(dpkg.compare(big + "a", big + "b")).isEqualTo(-1);
        assertThat(dpkg.compare("9223372036854775808", "9223372036854775807")).isEqualTo(1);
        assertThat(dpkg.compare("18446744073709551616", "0")).isEqualTo(1);
        assertThat(dpkg.compare(big + ":1", bigger + ":0")).isEqualTo(-1);
        // a long string is not slow: linear in its length
        final String huge = "1." + "7".repeat(1_000_000);
        assertThat(dpkg.compare(huge, huge + "0")).isEqualTo(-1);
        assertThat(dpkg.compare(huge + "-1", huge + "-2")).isEqualTo(-1);
    }

    @Test
    void sortsAsAComparator() {
        final List<String> xs = new ArrayList<>(
                List.of("1.0-1", "1:0.1", "1.0~rc1-1", "1.0", "1.0+b1", "0.9-9", "1.0a", "1.0-0.1"));
        xs.sort(dpkg);
        assertThat(xs).containsExactly("0.9-9", "1.0~rc1-1", "1.0", "1.0-0.1", "1.0-1", "1.0a", "1.0+b1", "1:0.1");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> dpkg.compare(null, "1")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> dpkg.compare("1", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DpkgVersion.parse(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DpkgVersion.isValid(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void garbageNeverThrows() {
        for (String s : OrderProperties.GARBAGE) {
            DpkgVersion.isValid(s);
            assertThat(DpkgVersion.parse(s).compareTo(DpkgVersion.parse(s))).isZero();
            for (String t : OrderProperties.GARBAGE) {
                assertThat(dpkg.compare(s, t)).isBetween(-1, 1);
            }
        }
    }

    /** Total order on every version of the upstream file, the garbage strings and random strings. */
    @Test
    void totalOrder() {
        final Set<String> sample = new LinkedHashSet<>();
        for (VersionVectors.Vector v : VersionVectors.read(UPSTREAM)) {
            sample.add(v.a());
            sample.add(v.b());
        }
        sample.addAll(OrderProperties.GARBAGE);
        final Random rnd = new Random(7);
        while (sample.size() < 600) {
            sample.add(OrderProperties.randomVersion(rnd));
        }
        final List<String> xs = List.copyOf(sample);
        OrderProperties.assertTotalOrder(dpkg::compare, xs, 11, 200_000);
        // parsed values order alike, but for epochs beyond a long, which parse() saturates
        final List<String> fitting = xs.stream().filter(s -> {
            final long epoch = DpkgVersion.parse(s).epoch();
            return epoch != Long.MAX_VALUE && epoch != Long.MIN_VALUE;
        }).toList();
        for (String a : fitting) {
            for (String b : fitting) {
                assertThat(DpkgVersion.parse(a).compareTo(DpkgVersion.parse(b)))
                        .as("parsed '%s' vs '%s'", a, b)
                        .isEqualTo(dpkg.compare(a, b));
            }
        }
    }
}
