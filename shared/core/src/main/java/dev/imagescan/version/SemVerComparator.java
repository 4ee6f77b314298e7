package dev.imagescan.version;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
  * {@link VersionComparator} for Semantic Versioning 2.0.0 precedence, the order of OSV's {@code npm} and
  * {@code crates.io} ecosystems: major, minor and patch numerically; a pre-release before its release; pre-release
  * identifiers one by one (numeric ones numerically and before alphanumeric ones, which compare in ASCII order, a
  * shorter list first when one is a prefix of the other); build metadata ignored. Versions are read as node-semver's
  * loose mode reads them (a leading {@code v} or {@code =} and white space ignored, the {@code -} before a
  * pre-release optional). Strings that are no version at all are older than every version and ordered among
  * themselves by their text, so the order stays total. Stateless and thread-safe.
  */
public final class SemVerComparator implements VersionComparator {

    /** A shared instance. */
    public static final SemVerComparator INSTANCE = new SemVerComparator();

    private static final Pattern LOOSE = Pattern.compile(
            "[v=\\s]*([0-9]+)\\.([0-9]+)\\.([0-9]+)(?:-?([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?\\s*");

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public SemVerComparator() {}

    /**
      * Orders two semantic versions by precedence.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Matcher ma = LOOSE.matcher(a);
        Matcher mb = LOOSE.matcher(b);
        boolean va = a.length() <= 1024 && ma.matches();
        boolean vb = b.length() <= 1024 && mb.matches();
        if (!va || !vb) {
            return va == vb ? Integer.signum(a.compareTo(b)) : va ? 1 : -1;
        }
        for (int g = 1; g <= 3; g++) {
            int c = compareNumbers(ma.group(g), mb.group(g));
            if (c != 0) {
                return c;
            }
        }
        return comparePrerelease(ma.group(4), mb.group(4));
    }

    /** Whether {@code version} is a semantic version (read loosely, as {@link #compare} reads it). */
    public static boolean isValid(String version) {
        return version.length() <= 1024 && LOOSE.matcher(version).matches();
    }

    /** {@code "semver"}. */
    @Override
    public String name() {
        return "semver";
    }

    private static int compareNumbers(String x, String y) {
        x = stripZeros(x);
        y = stripZeros(y);
        if (x.length() != y.length()) {
            return x.length() < y.length() ? -1 : 1;
        }
        return Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static int comparePrerelease(String x, String y) {
        if (x == null || y == null) {
            return x == y ? 0 : x == null ? 1 : -1;
        }
        String[] xs = x.split("\\.");
        String[] ys = y.split("\\.");
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            boolean nx = xs[i].chars().allMatch(Character::isDigit);
            boolean ny = ys[i].chars().allMatch(Character::isDigit);
            int c;
            if (nx && ny) {
                c = compareNumbers(xs[i], ys[i]);
            } else if (nx != ny) {
                c = nx ? -1 : 1;
            } else {
                c = Integer.signum(xs[i].compareTo(ys[i]));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xs.length, ys.length);
    }
}
