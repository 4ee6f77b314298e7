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

class ApkVersionComparatorTest {

    private static final String UPSTREAM = "/versions/apk.data";

    private final VersionComparator apk = ApkVersionComparator.INSTANCE;

    /**
      * One test of apk-tools' {@code test/version.data}, read as apk's {@code vertest} applet ({@code
      * src/app_vertest.c}) reads a line: {@code "ver1 op ver2"} asserts that the comparison holds,
      * {@code "ver1 !op ver2"} that it does not; a lone {@code "version"} asserts that it is valid,
      * {@code "!version"} that it is not.
      *
      * @param op the operator without its {@code !}; {@code null} for a validity test
      * @param other the right-hand version; {@code null} for a validity test
      */
    record Case(int line, String text, String version, String op, String other, boolean invert) {

        boolean isComparison() {
            return op != null;
        }
    }

    /**
      * apk's {@code vertest_one()}: what follows the first {@code #} is a comment; trailing white space
      * is trimmed; a line left empty holds no test ({@code null}). Then a line splits at its first
      * two spaces into {@code ver1 op ver2}, or, with fewer spaces, is one version whose validity is
      * tested; a leading {@code !} on the operator or on the lone version inverts the assertion.
      */
    static Case parseLine(int line, String text) {
        String arg = text;
        final int hash = arg.indexOf('#');
        if (hash >= 0) {
            arg = arg.substring(0, hash);
        }
        int end = arg.length();
        while (end > 0 && isCSpace(arg.charAt(end - 1))) {
            end--;
        }
        arg = arg.substring(0, end);
        if (arg.isEmpty()) {
            return null;
        }
        final int s1 = arg.indexOf(' ');
        final int s2 = s1 < 0 ? -1 : arg.indexOf(' ', s1 + 1);
        if (s2 >= 0) {
            String op = arg.substring(s1 + 1, s2);
            final boolean invert = op.startsWith("!");
            if (invert) {
                op = op.substring(1);
            }
            return new Case(line, text, arg.substring(0, s1), op, arg.substring(s2 + 1), invert);
        }
        final boolean invert = arg.startsWith("!");
        return new Case(line, text, invert ? arg.substring(1) : arg, null, null, invert);
    }

    static List<Case> cases() {
        final List<String> lines = VersionVectors.lines(UPSTREAM);
        final List<Case> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            final Case c = parseLine(i + 1, lines.get(i));
            if (c != null) {
                cases.add(c);
            }
        }
        return cases;
    }

    static List<Arguments> upstream() {
        return cases().stream().map(c -> Arguments.of(c.line(), c.text(), c)).toList();
    }

    @Test
    void name() {
        assertThat(apk.name()).isEqualTo("apk");
        assertThat(new ApkVersionComparator().name()).isEqualTo("apk");
    }

    /**
      * Every test line of apk-tools' version.data, checked as apk checks it; comparisons also both
      * ways round: the comparator is antisymmetric, and a non-fuzzy statement holds reversed.
      */
    @ParameterizedTest(name = "apk.data:{0}: {1}")
    @MethodSource("upstream")
    void upstreamVectors(int line, String text, Case c) {
        final String where = "apk.data:" + line + ": " + text;
        if (!c.isComparison()) {
            assertThat(ApkVersionComparator.isValid(c.version())).as(where).isNotEqualTo(c.invert());
            return;
        }
        assertThat(ApkVersionComparator.matches(c.version(), c.op(), c.other())).as(where).isNotEqualTo(c.invert());
        final int ab = apk.compare(c.version(), c.other());
        assertThat(apk.compare(c.other(), c.version())).as(where + " (reversed)").isEqualTo(-ab);
        if (c.op().indexOf('~') < 0) {
            final String reversed = c.op().replace('<', '!').replace('>', '<').replace('!', '>');
            assertThat(ApkVersionComparator.matches(c.other(), reversed, c.version()))
                    .as("%s, reversed: %s %s%s %s", where, c.other(), c.invert() ? "!" : "", reversed, c.version())
                    .isNotEqualTo(c.invert());
        }
    }

    @Test
    void upstreamFileIsReadWhole() {
        final List<String> lines = VersionVectors.lines(UPSTREAM);
        assertThat(lines).hasSize(788);
        // every line that is neither blank nor a comment is a test: none may be skipped silently
        final long testLines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        final List<Case> cases = cases();
        assertThat(cases).hasSize((int) testLines).hasSize(785);
        assertThat(cases.stream().filter(Case::isComparison)).hasSize(754);
        assertThat(cases.stream().filter(c -> !c.isComparison())).hasSize(31);
        assertThat(cases.stream().filter(Case::isComparison).map(Case::op).distinct())
                .containsExactlyInAnyOrder("<", ">", "=", "~", "<~", ">~");
    }

    @Test
    void theDriverReadsLinesAsApkDoes() {
        assertThat(parseLine(3, "1.0 < 1.0bc\t\t# invalid. do string sort"))
                .isEqualTo(new Case(3, "1.0 < 1.0bc\t\t# invalid. do string sort", "1.0", "<", "1.0bc", false));
        assertThat(parseLine(1, "3.8 !~ 3.8.1"))
                .isEqualTo(new Case(1, "3.8 !~ 3.8.1", "3.8", "~", "3.8.1", true));
        assertThat(parseLine(1, "!0.1bc")).isEqualTo(new Case(1, "!0.1bc", "0.1bc", null, null, true));
        assertThat(parseLine(1, "!")).isEqualTo(new Case(1, "!", "", null, null, true));
        assertThat(parseLine(1, "1.2 \t")).isEqualTo(new Case(1, "1.2 \t", "1.2", null, null, false));
        assertThat(parseLine(1, "a b")).isEqualTo(new Case(1, "a b", "a b", null, null, false));
        assertThat(parseLine(1, "")).isNull();
        assertThat(parseLine(1, "  # only a comment")).isNull();
    }

    /** Cases beyond the upstream file, each derived from src/version.c by hand. */
    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0           | 1.0          |  0",
                "1.0           | 1.0.0        | -1",
                "1.0a          | 1.0.0        | -1",
                "1.0_rc1       | 1.0          | -1",
                "1.0_alpha     | 1.0_beta     | -1",
                "1.0_beta      | 1.0_pre      | -1",
                "1.0_pre       | 1.0_rc       | -1",
                "1.0           | 1.0-r1       | -1",
                "1.0-r1        | 1.0_p1       | -1",
                "1.0_cvs       | 1.0_svn      | -1",
                "1.0_svn       | 1.0_git      | -1",
                "1.0_git       | 1.0_hg       | -1",
                "1.0_hg        | 1.0_p        | -1",
                "1.0~abc       | 1.0          |  1",
                "1.0~abc       | 1.0-r0       |  1",
                "1.0~abc       | 1.0~abd      | -1",
                "1.0~ab        | 1.0~abc      | -1",
                "1.0_p1~ff     | 1.0_p1       |  1",
                "1.0_p1~ff     | 1.0_p2       | -1",
                "01.0          | 1.0          |  0",
                "1.01          | 1.1          | -1",
                "1.01          | 1.001        |  1",
                "1.09          | 1.1          | -1",
                "1.10          | 1.9          |  1",
                "1.0_p01       | 1.0_p1       |  0",
                "1.0-r01       | 1.0-r1       |  0",
                "1.0bc         | 1.0bd        |  0",
                "1.0bc         | 1.0b         | -1",
                "1.0A          | 1.0B         |  0",
                "1.0A          | 1.0          | -1",
                "1.0-r         | 1.0          | -1",
                "1.0_foo       | 1.0_alpha    |  1",
                "1.0_foo       | 1.0          | -1",
                "''            | ''           |  0",
                "''            | 0            | -1",
                "''            | a            |  0",
                "a             | b            |  0",
                "18446744073709551616 | 0     |  0",
                "18446744073709551617 | 1     |  0",
                "18446744073709551615 | 1     |  1",
                "1.18446744073709551616 | 1.1 | -1",
            })
    void beyondUpstream(String a, String b, int expected) {
        assertThat(apk.compare(a, b)).isEqualTo(expected);
        assertThat(apk.compare(b, a)).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "''{0}'' valid: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0                        | true",
                "1.2.3a_alpha1_p2~0123456789abcdef-r10 | true",
                "1.0_rc                   | true",
                "1.0_p                    | true",
                "''                       | false",
                "v1.0                     | false",
                "1.0A                     | false",
                "1.0ab                    | false",
                "1..0                     | false",
                "1.                       | false",
                "1.0-r                    | false",
                "1.0-1                    | false",
                "1.0-r1-r2                | false",
                "1.0-r1a                  | false",
                "1.0~                     | false",
                "1.0~ABC                  | false",
                "1.0~ab~cd                | false",
                "1.0_                     | false",
                "1.0_pre_                 | false",
                "1.0_Pre                  | false",
                "1.0\u00e9                | false",
                "'1.0 '                   | false",
            })
    void isValid(String version, boolean valid) {
        assertThat(ApkVersionComparator.isValid(version)).isEqualTo(valid);
    }

    @Test
    void matchesTakesApkOperators() {
        assertThat(ApkVersionComparator.matches("1.0", "<", "1.1")).isTrue();
        assertThat(ApkVersionComparator.matches("1.0", "<=", "1.0")).isTrue();
        assertThat(ApkVersionComparator.matches("1.0", "=", "1.0-r0")).isFalse();
        assertThat(ApkVersionComparator.matches("1.0-r1", ">=", "1.0")).isTrue();
        assertThat(ApkVersionComparator.matches("1.0", ">", "1.0")).isFalse();
        assertThat(ApkVersionComparator.matches("1.0", "<>", "1.1")).isTrue();
        assertThat(ApkVersionComparator.matches("1.0", "<>", "1.0")).isFalse();
        assertThat(ApkVersionComparator.matches("1", "<=>", "2")).isTrue();
        // fuzzy: as far as the right-hand side goes
        assertThat(ApkVersionComparator.matches("3.6.9", "~", "3.6")).isTrue();
        assertThat(ApkVersionComparator.matches("3.6-r5", "~", "3.6")).isTrue();
        assertThat(ApkVersionComparator.matches("3.6", "~", "3.6.9")).isFalse();
        assertThat(ApkVersionComparator.matches("3.5.9", "<~", "3.6")).isTrue();
        assertThat(ApkVersionComparator.matches("3.6.9", "<~", "3.6")).isTrue();
        assertThat(ApkVersionComparator.matches("3.7", "<~", "3.6")).isFalse();
        assertThatThrownBy(() -> ApkVersionComparator.matches("1", "!=", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("!=");
        assertThatThrownBy(() -> ApkVersionComparator.matches("1", "", "2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void veryLongRunsDoNotThrowAndStayLinear() {
        final String huge = "1." + "7".repeat(1_000_000);
        assertThat(ApkVersionComparator.isValid(huge + "_p" + huge.substring(2) + "-r" + huge.substring(2))).isTrue();
        assertThat(apk.compare(huge, huge + "a")).isEqualTo(-1);
        assertThat(apk.compare(huge + "-r1", huge + "-r2")).isEqualTo(-1);
        // a leading zero makes it a string comparison: the prefix first
        final String zeros = "1.0" + "7".repeat(1_000_000);
        assertThat(apk.compare(zeros, zeros + "7")).isEqualTo(-1);
        assertThat(apk.compare(zeros + "6", zeros + "7")).isEqualTo(-1);
        assertThat(apk.compare("1~" + "f".repeat(1_000_000), "1~" + "f".repeat(999_999) + "e")).isEqualTo(1);
    }

    @Test
    void sortsAsAComparator() {
        final List<String> xs = new ArrayList<>(List.of(
                "1.0-r1", "1.0_p1", "1.0", "1.0_rc1", "0.9", "1.0a", "1.0.1", "1.0_alpha", "2", "1.0~ab"));
        xs.sort(apk);
        assertThat(xs).containsExactly(
                "0.9", "1.0_alpha", "1.0_rc1", "1.0", "1.0-r1", "1.0~ab", "1.0_p1", "1.0a", "1.0.1", "2");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> apk.compare(null, "1")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> apk.compare("1", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ApkVersionComparator.isValid(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ApkVersionComparator.matches(null, "<", "1"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void garbageNeverThrows() {
        for (String s : OrderProperties.GARBAGE) {
            ApkVersionComparator.isValid(s);
            for (String t : OrderProperties.GARBAGE) {
                assertThat(apk.compare(s, t)).isBetween(-1, 1);
                for (String op : List.of("<", "=", ">", "~", "<~", ">~")) {
                    ApkVersionComparator.matches(s, op, t);
                }
            }
        }
    }

    /** Total order on every version of the upstream file, the garbage strings and random strings. */
    @Test
    void totalOrder() {
        final Set<String> sample = new LinkedHashSet<>();
        for (Case c : cases()) {
            sample.add(c.version());
            if (c.isComparison()) {
                sample.add(c.other());
            }
        }
        sample.addAll(OrderProperties.GARBAGE);
        final Random rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            sample.add(OrderProperties.randomVersion(rnd));
        }
        OrderProperties.assertTotalOrder(apk::compare, List.copyOf(sample), 13, 200_000);
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
