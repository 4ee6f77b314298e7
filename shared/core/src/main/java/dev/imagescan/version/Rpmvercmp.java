package dev.imagescan.version;

import java.util.Objects;

/**
  * A faithful port of rpm's {@code rpmvercmp()} ({@code rpmio/rpmvercmp.c}): the segment-wise
  * comparison rpm applies to a version or a release string on its own (no epoch or {@code -}
  * parsing; see {@link RpmVersion} for that).
  *
  * <p>The strings are cut into maximal runs of ASCII digits or ASCII letters; every other character
  * only separates segments, except {@code ~} (sorts before anything, even the end of the string) and
  * {@code ^} (sorts after the end of the string but before any further segment). Numeric segments
  * compare by value (leading zeros ignored, any length, no overflow) and are newer than alphabetic
  * ones, alphabetic segments compare by ASCII code, and when all segments match the string with
  * segments left over is newer. Non-ASCII characters are separators, as in rpm, whose character
  * classes are ASCII-only.
  */
public final class Rpmvercmp {

    private static final int END = -1;

    private Rpmvercmp() {}

    /**
      * Compares two version (or release) strings as rpm's {@code rpmvercmp()} does.
      *
      * @return {@code 1} if {@code a} is newer, {@code 0} if they are equal, {@code -1} if {@code b}
      *     is newer
      * @throws NullPointerException if either argument is null
      */
    public static int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return compare(a, 0, a.length(), b, 0, b.length());
    }

    /**
      * {@link #compare(String, String)} over {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)}, in place: what
      * {@link RpmVersionComparator} compares an EVR's parts with, without cutting them out of the strings.
      *
      * @return {@code 1}, {@code 0} or {@code -1} as for {@link #compare(String, String)}
      */
    static int compare(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        final int la = aTo;
        final int lb = bTo;
        // easy comparison to see if versions are identical
        if (la - aFrom == lb - bFrom && a.regionMatches(aFrom, b, bFrom, la - aFrom)) {
            return 0;
        }
        int one = aFrom; // rpm's "one": cursor in a
        int two = bFrom; // rpm's "two": cursor in b

        // loop through each version segment of a and b and compare them
        while (one < la || two < lb) {
            while (one < la && isSeparator(a.charAt(one))) {
                one++;
            }
            while (two < lb && isSeparator(b.charAt(two))) {
                two++;
            }
            final int c1 = one < la ? a.charAt(one) : END;
            final int c2 = two < lb ? b.charAt(two) : END;

            // handle the tilde separator, it sorts before everything else
            if (c1 == '~' || c2 == '~') {
                if (c1 != '~') {
                    return 1;
                }
                if (c2 != '~') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }

            // caret: like tilde, except that if one of the strings ends (base version),
            // the other is considered the higher version
            if (c1 == '^' || c2 == '^') {
                if (c1 == END) {
                    return -1;
                }
                if (c2 == END) {
                    return 1;
                }
                if (c1 != '^') {
                    return 1;
                }
                if (c2 != '^') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }

            // if we ran to the end of either, we are finished with the loop
            if (c1 == END || c2 == END) {
                break;
            }

            // grab the first completely alpha or completely numeric segment of each;
            // one/two stay at the segment starts, end1/end2 walk to the segment ends
            int end1 = one;
            int end2 = two;
            final boolean isnum;
            if (isDigit(c1)) {
                while (end1 < la && isDigit(a.charAt(end1))) {
                    end1++;
                }
                while (end2 < lb && isDigit(b.charAt(end2))) {
                    end2++;
                }
                isnum = true;
            } else {
                while (end1 < la && isAlpha(a.charAt(end1))) {
                    end1++;
                }
                while (end2 < lb && isAlpha(b.charAt(end2))) {
                    end2++;
                }
                isnum = false;
            }

            // cannot happen (a's segment is non-empty: c1 is alphanumeric); kept as in rpm
            if (one == end1) {
                return -1; // arbitrary
            }

            // segments of different types: one numeric, the other alpha (i.e. empty here);
            // numeric segments are always newer than alpha segments
            if (two == end2) {
                return isnum ? 1 : -1;
            }

            if (isnum) {
                // compared as digit strings, not parsed, so any length works:
                // throw away leading zeros, then whichever number has more digits wins
                while (one < end1 && a.charAt(one) == '0') {
                    one++;
                }
                while (two < end2 && b.charAt(two) == '0') {
                    two++;
                }
                final int len1 = end1 - one;
                final int len2 = end2 - two;
                if (len1 > len2) {
                    return 1;
                }
                if (len2 > len1) {
                    return -1;
                }
            }

            // strcmp over the two segments (ASCII only, so char order is byte order);
            // equal segments do not decide: there may be more segments to compare
            final int rc = strcmp(a, one, end1, b, two, end2);
            if (rc != 0) {
                return rc < 0 ? -1 : 1;
            }

            one = end1;
            two = end2;
        }

        // all segments compared identically but the separating characters differed
        if (one >= la && two >= lb) {
            return 0;
        }
        // whichever version still has characters left over wins
        return one >= la ? -1 : 1;
    }

    private static int strcmp(String a, int from1, int to1, String b, int from2, int to2) {
        final int n = Math.min(to1 - from1, to2 - from2);
        for (int k = 0; k < n; k++) {
            final int d = a.charAt(from1 + k) - b.charAt(from2 + k);
            if (d != 0) {
                return d;
            }
        }
        return (to1 - from1) - (to2 - from2);
    }

    /** rpm skips everything that is not alphanumeric, {@code ~} or {@code ^}. */
    private static boolean isSeparator(char c) {
        return !isDigit(c) && !isAlpha(c) && c != '~' && c != '^';
    }

    /** rpm's {@code risdigit}: ASCII only, whatever the locale. */
    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** rpm's {@code risalpha}: ASCII only, whatever the locale. */
    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
