package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntBiFunction;

/** Checks that a comparison is a total order on a sample of strings. */
final class OrderProperties {

    private OrderProperties() {}

    /** Strings that are no versions at all, for any ecosystem: none may make a comparator throw. */
    static final List<String> GARBAGE = List.of(
            "", "-", "~~~", "1:", ":1", "1-", ":", "::", "--", "-:-", "~", "^", "_", ".", "+", "#",
            " ", "\t", " 1 ", "1 2", "\u0000", "1\u00002", "\u00e9", "1.0\u00e9", "\ud83d\ude00", "\ud800",
            "-r", "-r1", "1-r", "1-r-r", "_p", "1_", "1__p", "1~", "1~g", "~1", "1.", ".1", "1..1",
            "a", "A", "1a", "1A", "1ab", "1a1", "1:a", "a:1", "-1:1", "+1:1", "1:2:3", "1-2-3",
            "9".repeat(30), "1" + "0".repeat(64), "0".repeat(200), "1." + "9".repeat(500),
            "9".repeat(300) + ":1", "1_alpha" + "9".repeat(40), "1-r" + "9".repeat(40),
            "1~" + "f".repeat(300), "1." + "0".repeat(100) + "1");

    /** Short strings over the characters that mean something to rpm, dpkg or apk. */
    static String randomVersion(Random rnd) {
        final String[] atoms = {
            "0", "1", "2", "01", "00", "10", "9", "a", "b", "p", "r", "Z", ".", "_", "~", "^", "+", "-",
            ":", "-r", "-r1", "_alpha", "_p", "_rc1", "~ab", "1:", " ", "\u00e9"
        };
        final StringBuilder sb = new StringBuilder();
        final int n = rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append(atoms[rnd.nextInt(atoms.length)]);
        }
        return sb.toString();
    }

    /**
      * Asserts, on {@code sample}: results in {-1, 0, 1}, reflexive (also against an equal but not
      * identical string), antisymmetric on every pair, and transitive: a sort leaves every pair in
      * order, and {@code triples} random triples keep {@code <=} and {@code ==} transitive.
      */
    static void assertTotalOrder(ToIntBiFunction<String, String> cmp, List<String> sample, long seed, int triples) {
        for (String a : sample) {
            assertThat(cmp.applyAsInt(a, a)).as("'%s' vs itself", a).isZero();
            assertThat(cmp.applyAsInt(a, new String(a.toCharArray()))).as("'%s' vs a copy", a).isZero();
        }
        for (String a : sample) {
            for (String b : sample) {
                final int ab = cmp.applyAsInt(a, b);
                assertThat(ab).as("'%s' vs '%s'", a, b).isBetween(-1, 1);
                assertThat(cmp.applyAsInt(b, a)).as("'%s' vs '%s' reversed", a, b).isEqualTo(-ab);
            }
        }
        final List<String> sorted = new ArrayList<>(sample);
        sorted.sort(cmp::applyAsInt);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                assertThat(cmp.applyAsInt(sorted.get(i), sorted.get(j)))
                        .as("sorted '%s' before '%s'", sorted.get(i), sorted.get(j))
                        .isLessThanOrEqualTo(0);
            }
        }
        final Random rnd = new Random(seed);
        for (int i = 0; i < triples; i++) {
            final String a = sample.get(rnd.nextInt(sample.size()));
            final String b = sample.get(rnd.nextInt(sample.size()));
            final String c = sample.get(rnd.nextInt(sample.size()));
            final int ab = cmp.applyAsInt(a, b);
            final int bc = cmp.applyAsInt(b, c);
            if (ab <= 0 && bc <= 0) {
                final int ac = cmp.applyAsInt(a, c);
                assertThat(ac).as("'%s' <= '%s' <= '%s'", a, b, c).isLessThanOrEqualTo(0);
                if (ab == 0 && bc == 0) {
                    assertThat(ac).as("'%s' == '%s' == '%s'", a, b, c).isZero();
                }
            }
        }
    }
}
