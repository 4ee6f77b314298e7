package dev.imagescan.version;

import java.util.Objects;

/**
  * {@link VersionComparator} for Debian package versions: a faithful port of dpkg's {@code
  * dpkg_version_compare()} and {@code verrevcmp()} ({@code lib/dpkg/version.c}), applied to the
  * parts that dpkg's {@code parseversion()} ({@code lib/dpkg/parsehelp.c}) splits a version string
  * into. Stateless and thread-safe; it parses in place, without allocating.
  *
  * <p><b>Parts</b> ({@code [epoch:]upstream[-revision]}): leading and trailing blanks (space, tab)
  * are ignored; the text before the <em>first</em> {@code :} is the epoch when it is a number as
  * {@code strtol()} reads it (optional white space and sign, then digits up to the colon); the
  * revision is what follows the <em>last</em> {@code -} after the epoch, and is empty when there is
  * none; the upstream version is what lies between.
  *
  * <p><b>Order</b>: epochs numerically (absent = 0), then the upstream versions, then the revisions,
  * each by {@code verrevcmp()}: the strings alternate between non-digit runs, compared character by
  * character, and digit runs, compared numerically. In a non-digit run {@code ~} sorts before
  * everything, even the end of the run, then comes the end of the run, then ASCII letters (by ASCII
  * code), then every other character (by code plus 256), so {@code 1.0~rc1 < 1.0 < 1.0a < 1.0+b1}.
  * Digit runs compare by value at any length (leading zeros dropped, then the longer run wins, then
  * the first differing digit), never overflowing. An absent revision equals {@code "0"}, so {@code
  * 1.0 == 1.0-0}.
  *
  * <p><b>Malformed input</b>: dpkg refuses to compare what {@code parseversion()} rejects (see {@link
  * DpkgVersion#isValid}); this class orders every string, with the same answer as dpkg for every
  * string dpkg accepts. For the others: a text before the first {@code :} that is not a number is
  * not an epoch (the whole string is then the version, epoch 0); epochs beyond dpkg's {@code
  * INT_MAX}, or negative, compare by their exact signed value; embedded blanks and non-ASCII
  * characters are ordinary non-letters (weight: UTF-16 code unit plus 256; dpkg itself would see
  * UTF-8 bytes, whose weight depends on the signedness of C's {@code char}). The result is a total
  * order on all strings.
  */
public final class DpkgVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final DpkgVersionComparator INSTANCE = new DpkgVersionComparator();

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public DpkgVersionComparator() {}

    /**
      * Orders two Debian version strings as dpkg does.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            return 0;
        }
        final int aStart = trimStart(a);
        final int bStart = trimStart(b);
        final int aEnd = trimEnd(a, aStart);
        final int bEnd = trimEnd(b, bStart);
        final int aColon = epochColon(a, aStart, aEnd);
        final int bColon = epochColon(b, bStart, bEnd);
        int rc = compareEpochs(a, aStart, aColon, b, bStart, bColon);
        if (rc != 0) {
            return rc;
        }
        final int aVersion = aColon < 0 ? aStart : aColon + 1;
        final int bVersion = bColon < 0 ? bStart : bColon + 1;
        final int aHyphen = revisionHyphen(a, aVersion, aEnd);
        final int bHyphen = revisionHyphen(b, bVersion, bEnd);
        rc = verrevcmp(a, aVersion, aHyphen < 0 ? aEnd : aHyphen, b, bVersion, bHyphen < 0 ? bEnd : bHyphen);
        if (rc != 0) {
            return rc;
        }
        return verrevcmp(a, aHyphen < 0 ? aEnd : aHyphen + 1, aEnd, b, bHyphen < 0 ? bEnd : bHyphen + 1, bEnd);
    }

    /** {@code "dpkg"}. */
    @Override
    public String name() {
        return "dpkg";
    }

    /**
      * dpkg's {@code verrevcmp()} over {@code a[i, aEnd)} and {@code b[j, bEnd)}: the comparison of
      * one upstream version or one revision.
      *
      * @return -1, 0 or 1
      */
    static int verrevcmp(String a, int i, int aEnd, String b, int j, int bEnd) {
        while (i < aEnd || j < bEnd) {
            // the non-digit prefixes, character by character; the end of a prefix (a digit or the
            // end of the string) weighs 0, and any character left here weighs something else, so
            // equal weights mean two characters and both cursors may advance
            while ((i < aEnd && !isDigit(a.charAt(i))) || (j < bEnd && !isDigit(b.charAt(j)))) {
                final int ac = i < aEnd ? order(a.charAt(i)) : 0;
                final int bc = j < bEnd ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac < bc ? -1 : 1;
                }
                i++;
                j++;
            }
            // the digit runs, by value: skip leading zeros, then the longer run wins, else the
            // first differing digit decides
            while (i < aEnd && a.charAt(i) == '0') {
                i++;
            }
            while (j < bEnd && b.charAt(j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (i < aEnd && j < bEnd && isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < aEnd && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < bEnd && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff < 0 ? -1 : 1;
            }
        }
        return 0;
    }

    /** dpkg's {@code order()}: the weight of a character of a non-digit run. */
    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if (isAlpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /** Index of the first character that is not a blank (space or tab), as parseversion() trims. */
    static int trimStart(String s) {
        int i = 0;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** One past the last character at or after {@code start} that is not a blank. */
    static int trimEnd(String s, int start) {
        int end = s.length();
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
      * The index of the colon ending the epoch of {@code s[start, end)}, or -1 when there is no
      * epoch: the first {@code :} counts only when what precedes it is a number to {@code strtol()}
      * (white space, an optional sign, at least one digit, then nothing else).
      */
    static int epochColon(String s, int start, int end) {
        final int colon = s.indexOf(':', start);
        if (colon < 0 || colon >= end) {
            return -1;
        }
        int p = skipSpaceAndSign(s, start, colon);
        final int digits = p;
        while (p < colon && isDigit(s.charAt(p))) {
            p++;
        }
        return p > digits && p == colon ? colon : -1;
    }

    /** The sign of the epoch number in {@code s[start, colon)}, 0 when there is no epoch (colon < 0). */
    static int epochSign(String s, int start, int colon) {
        if (colon < 0) {
            return 0;
        }
        final int p = skipSpace(s, start, colon);
        final boolean negative = s.charAt(p) == '-';
        return significantDigits(s, start, colon) == colon ? 0 : negative ? -1 : 1;
    }

    /** Index of the first non-zero digit of the epoch number in {@code s[start, colon)}. */
    static int significantDigits(String s, int start, int colon) {
        int p = skipSpaceAndSign(s, start, colon);
        while (p < colon && s.charAt(p) == '0') {
            p++;
        }
        return p;
    }

    /** Exact comparison of two epochs (absent = 0), whatever their length or sign. */
    private static int compareEpochs(String a, int aStart, int aColon, String b, int bStart, int bColon) {
        final int as = epochSign(a, aStart, aColon);
        final int bs = epochSign(b, bStart, bColon);
        if (as != bs) {
            return as < bs ? -1 : 1;
        }
        if (as == 0) {
            return 0;
        }
        final int ai = significantDigits(a, aStart, aColon);
        final int bi = significantDigits(b, bStart, bColon);
        int rc = Integer.compare(aColon - ai, bColon - bi);
        for (int k = 0; rc == 0 && k < aColon - ai; k++) {
            rc = Character.compare(a.charAt(ai + k), b.charAt(bi + k));
        }
        return as * Integer.signum(rc);
    }

    /** The last {@code -} of {@code s[version, end)}, or -1 when there is none (no revision). */
    static int revisionHyphen(String s, int version, int end) {
        final int hyphen = end > 0 ? s.lastIndexOf('-', end - 1) : -1;
        return hyphen >= version ? hyphen : -1;
    }

    private static int skipSpace(String s, int p, int limit) {
        while (p < limit && isSpace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int skipSpaceAndSign(String s, int p, int limit) {
        p = skipSpace(s, p, limit);
        if (p < limit && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            p++;
        }
        return p;
    }

    /** C's {@code isblank()} in the C locale. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** C's {@code isspace()} in the C locale, as {@code strtol()} skips it. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** dpkg's {@code c_isdigit()}: ASCII only. */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** dpkg's {@code c_isalpha()}: ASCII only. */
    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
