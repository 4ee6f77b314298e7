package dev.imagescan.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link VersionComparator} for Composer (Packagist) versions, as {@code composer/semver}'s {@code Comparator}
 * orders them: the version is first normalised as its {@code VersionParser} does (an alias {@code as …}, a
 * {@code @stability} flag and {@code +build} metadata dropped, a leading {@code v} stripped, the numeric release
 * padded to four parts, so {@code v1.0} equals {@code 1.0.0.0}), then compared as PHP's {@code version_compare}
 * does: {@code -}, {@code _} and {@code +} read as {@code .}, a {@code .} goes between digits and letters, numeric
 * parts compare as numbers, and word parts rank {@code dev} &lt; {@code alpha}/{@code a} &lt; {@code beta}/{@code b}
 * &lt; {@code RC}/{@code rc} &lt; a number &lt; {@code pl}/{@code p} (any other word below {@code dev}); when one
 * side runs out, a further number makes the other newer and a further word is ranked against a number. A branch
 * ({@code dev-master}) is older than every numbered version; two branches, which Composer never orders, are ordered
 * by their names so the order stays total. Stateless and thread-safe.
 */
public final class ComposerVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final ComposerVersionComparator INSTANCE = new ComposerVersionComparator();

    private static final int NUMBER = 4;

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public ComposerVersionComparator() {}

    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        String x = clean(a);
        String y = clean(b);
        boolean xBranch = x.startsWith("dev-");
        boolean yBranch = y.startsWith("dev-");
        if (xBranch || yBranch) {
            if (xBranch && yBranch) {
                return Integer.signum(x.compareTo(y));
            }
            return xBranch ? -1 : 1;
        }
        return compareParts(parts(x), parts(y));
    }

    @Override
    public String name() {
        return "composer";
    }

    /** The version without alias, stability flag, build metadata or leading {@code v}. */
    static String clean(String version) {
        String v = version.strip();
        int as = v.indexOf(" as ");
        if (as > 0) {
            v = v.substring(0, as).strip();
        }
        int at = v.indexOf('@');
        if (at > 0) {
            v = v.substring(0, at);
        }
        if (v.regionMatches(true, 0, "dev-", 0, 4)) {
            return "dev-" + v.substring(4);
        }
        int plus = v.indexOf('+');
        if (plus > 0) {
            v = v.substring(0, plus);
        }
        if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V') && Character.isDigit(v.charAt(1))) {
            v = v.substring(1);
        }
        return v;
    }

    /** PHP's canonical form split at its dots, with the numeric release padded to four parts. */
    static List<String> parts(String v) {
        StringBuilder canon = new StringBuilder();
        char last = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (i == 0) {
                canon.append(c);
            } else if (c == '-' || c == '_' || c == '+') {
                dot(canon);
            } else if (last != '.' && c != '.' && isDigit(last) != isDigit(c)) {
                dot(canon);
                canon.append(c);
            } else if (!Character.isLetterOrDigit(c)) {
                dot(canon);
            } else {
                canon.append(c);
            }
            last = c;
        }
        List<String> parts = new ArrayList<>();
        for (String p : canon.toString().split("\\.")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        int numeric = 0;
        while (numeric < parts.size() && isNumber(parts.get(numeric))) {
            numeric++;
        }
        if (numeric > 0) {
            for (int n = numeric; n < 4; n++) {
                parts.add(numeric, "0");
            }
        }
        return parts;
    }

    private static void dot(StringBuilder canon) {
        if (canon.length() > 0 && canon.charAt(canon.length() - 1) != '.') {
            canon.append('.');
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static int compareParts(List<String> x, List<String> y) {
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            int c = comparePart(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (x.size() > n) {
            return rest(x.get(n));
        }
        if (y.size() > n) {
            return -rest(y.get(n));
        }
        return 0;
    }

    /** How a version with {@code next} left over compares with one that ran out. */
    private static int rest(String next) {
        return isNumber(next) ? 1 : Integer.signum(rank(next) - NUMBER);
    }

    private static int comparePart(String p, String q) {
        boolean pn = isNumber(p);
        boolean qn = isNumber(q);
        if (pn && qn) {
            return Integer.signum(new BigInteger(p).compareTo(new BigInteger(q)));
        }
        return Integer.signum((pn ? NUMBER : rank(p)) - (qn ? NUMBER : rank(q)));
    }

    /** PHP's special version forms, matched as a prefix of the part. */
    private static int rank(String part) {
        String p = part.toLowerCase(Locale.ROOT);
        if (p.startsWith("dev")) {
            return 0;
        }
        if (p.startsWith("alpha") || p.startsWith("a")) {
            return 1;
        }
        if (p.startsWith("beta") || p.startsWith("b")) {
            return 2;
        }
        if (p.startsWith("rc")) {
            return 3;
        }
        if (p.startsWith("#")) {
            return NUMBER;
        }
        if (p.startsWith("pl") || p.startsWith("p")) {
            return 5;
        }
        return -6;
    }
}
