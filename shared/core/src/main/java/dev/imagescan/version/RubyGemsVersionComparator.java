package dev.imagescan.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link VersionComparator} for RubyGems versions, a port of {@code Gem::Version#<=>}: a {@code -} reads as
 * {@code .pre.}; trailing zero segments are dropped (and, in a pre-release, zeros before its first letter); the
 * segments (runs of digits, compared as numbers, and runs of letters, compared as strings) are compared in order, a
 * letter segment before a number (so {@code 1.0.a < 1.0}); when one side runs out, the other's remaining letters
 * make it older and its remaining non-zero numbers newer. Strings {@code Gem::Version} refuses are older than every
 * version and ordered among themselves by their text, so the order stays total. Stateless and thread-safe.
 */
public final class RubyGemsVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final RubyGemsVersionComparator INSTANCE = new RubyGemsVersionComparator();

    private static final Pattern VALID = Pattern.compile(
            "\\s*([0-9]+(?:\\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?)?\\s*");
    private static final Pattern TRAILING_ZEROS = Pattern.compile("(?<=[a-zA-Z.])[.0]+$");
    private static final Pattern ZEROS_BEFORE_LETTER = Pattern.compile("(?<=\\.|^)[0.]+(?=[a-zA-Z])");
    private static final Pattern SEGMENT = Pattern.compile("\\d+|[a-zA-Z]+");

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public RubyGemsVersionComparator() {}

    /**
     * Orders two gem versions as {@code Gem::Version} does.
     *
     * @return -1, 0 or 1
     * @throws NullPointerException if either argument is null
     */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        boolean va = a.length() <= 1024 && VALID.matcher(a).matches();
        boolean vb = b.length() <= 1024 && VALID.matcher(b).matches();
        if (!va || !vb) {
            return va == vb ? Integer.signum(a.compareTo(b)) : va ? 1 : -1;
        }
        String na = normalize(a);
        String nb = normalize(b);
        if (na.equals(nb)) {
            return 0;
        }
        List<Object> l = canonical(na);
        List<Object> r = canonical(nb);
        int limit = Math.min(l.size(), r.size());
        for (int i = 0; i < limit; i++) {
            Object x = l.get(i);
            Object y = r.get(i);
            if (x.equals(y)) {
                continue;
            }
            if (x instanceof String && y instanceof BigInteger) {
                return -1;
            }
            if (x instanceof BigInteger && y instanceof String) {
                return 1;
            }
            return x instanceof BigInteger bx ? Integer.signum(bx.compareTo((BigInteger) y))
                    : Integer.signum(((String) x).compareTo((String) y));
        }
        List<Object> longer = l.size() > limit ? l : r;
        int sign = l.size() > limit ? 1 : -1;
        for (int i = limit; i < longer.size(); i++) {
            Object rest = longer.get(i);
            if (rest instanceof String) {
                return -sign;
            }
            if (((BigInteger) rest).signum() != 0) {
                return sign;
            }
        }
        return 0;
    }

    /** {@code "rubygems"}. */
    @Override
    public String name() {
        return "rubygems";
    }

    private static String normalize(String v) {
        String s = v.strip();
        return s.isEmpty() ? "0" : s.replace("-", ".pre.");
    }

    private static List<Object> canonical(String version) {
        String c = TRAILING_ZEROS.matcher(version).replaceFirst("");
        if (c.chars().anyMatch(Character::isLetter)) {
            c = ZEROS_BEFORE_LETTER.matcher(c).replaceFirst("");
        }
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(c);
        while (m.find()) {
            String s = m.group();
            segments.add(Character.isDigit(s.charAt(0)) ? new BigInteger(s) : s);
        }
        return segments;
    }
}
