package dev.imagescan.version;

import java.util.Objects;

/**
  * A Debian package version {@code [epoch:]upstream[-revision]}, split as dpkg's {@code
  * parseversion()} ({@code lib/dpkg/parsehelp.c}) splits it and ordered as {@link
  * DpkgVersionComparator} orders the string.
  *
  * <p>{@link #parse} is lenient: it splits any string the way {@link DpkgVersionComparator} does
  * (see there) and never fails. Whether dpkg itself would accept the string is a separate question,
  * answered by {@link #isValid}; validity is informational, comparing invalid versions is still
  * well defined.
  *
  * @param epoch the epoch, 0 when absent; one beyond the range of a {@code long} (only possible from
  *     {@link #parse}) is held as {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}, while {@link
  *     DpkgVersionComparator} compares such strings by their exact value
  * @param upstream the upstream version (may be empty for malformed input such as {@code "-1"})
  * @param revision the Debian revision, {@code ""} when absent (which orders as {@code "0"})
  */
public record DpkgVersion(long epoch, String upstream, String revision) implements Comparable<DpkgVersion> {

    /** C's {@code INT_MAX}, the largest epoch dpkg accepts. */
    private static final String INT_MAX = "2147483647";

    /**
      * Builds a version from its parts, unchecked (see {@link #isValid} for dpkg's rules).
      *
      * @throws NullPointerException if {@code upstream} or {@code revision} is null
      */
    public DpkgVersion {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(revision, "revision");
    }

    /**
      * Splits a version string into its parts as {@link DpkgVersionComparator} does: blanks around it
      * dropped, an epoch before the first {@code :} when that is a number, a revision after the last
      * {@code -} of the rest. Never fails except on {@code null}.
      *
      * @throws NullPointerException if {@code version} is null
      */
    public static DpkgVersion parse(String version) {
        Objects.requireNonNull(version, "version");
        final int start = DpkgVersionComparator.trimStart(version);
        final int end = DpkgVersionComparator.trimEnd(version, start);
        final int colon = DpkgVersionComparator.epochColon(version, start, end);
        final int upstreamStart = colon < 0 ? start : colon + 1;
        final int hyphen = DpkgVersionComparator.revisionHyphen(version, upstreamStart, end);
        return new DpkgVersion(
                epochValue(version, start, colon),
                version.substring(upstreamStart, hyphen < 0 ? end : hyphen),
                hyphen < 0 ? "" : version.substring(hyphen + 1, end));
    }

    /**
      * Whether dpkg's {@code parseversion()} accepts {@code version} without an error or a warning:
      * not empty or blank; no blank inside (blanks around are allowed); an epoch, if there is a
      * {@code :}, that is a number from 0 to {@code INT_MAX} followed by something; a non-empty
      * revision after the last {@code -}, if there is one, made of ASCII letters, digits and {@code
      * .+~}; a non-empty upstream version starting with a digit and made of ASCII letters, digits and
      * {@code .-+~:}. Characters are judged as dpkg judges bytes (ASCII classes only); a NUL, which a
      * C string cannot hold, is an invalid character here.
      *
      * @throws NullPointerException if {@code version} is null
      */
    public static boolean isValid(String version) {
        Objects.requireNonNull(version, "version");
        final int n = version.length();
        final int start = DpkgVersionComparator.trimStart(version);
        if (start == n) {
            return false; // version string is empty
        }
        int end = start;
        while (end < n && !DpkgVersionComparator.isBlank(version.charAt(end))) {
            end++;
        }
        if (DpkgVersionComparator.trimEnd(version, end) != end) {
            return false; // version string has embedded spaces
        }
        // the colon, if any, lies before the first blank: only blanks follow it
        final int colon = version.indexOf(':', start);
        int upstreamStart = start;
        if (colon >= 0) {
            if (DpkgVersionComparator.epochColon(version, start, end) != colon) {
                return false; // epoch in version is empty / is not number
            }
            if (DpkgVersionComparator.epochSign(version, start, colon) < 0) {
                return false; // epoch in version is negative
            }
            final int digits = DpkgVersionComparator.significantDigits(version, start, colon);
            if (colon - digits > INT_MAX.length()
                    || (colon - digits == INT_MAX.length() && compareDigits(version, digits, INT_MAX) > 0)) {
                return false; // epoch in version is too big
            }
            upstreamStart = colon + 1;
        }
        final int hyphen = DpkgVersionComparator.revisionHyphen(version, upstreamStart, end);
        if (hyphen == end - 1) {
            return false; // revision number is empty
        }
        final int upstreamEnd = hyphen < 0 ? end : hyphen;
        if (upstreamEnd == upstreamStart) {
            return false; // version number is empty (also: nothing after colon in version number)
        }
        if (!DpkgVersionComparator.isDigit(version.charAt(upstreamStart))) {
            return false; // version number does not start with digit
        }
        for (int i = upstreamStart + 1; i < upstreamEnd; i++) {
            if (!isVersionChar(version.charAt(i), ".-+~:")) {
                return false; // invalid character in version number
            }
        }
        for (int i = upstreamEnd + 1; i < end; i++) {
            if (!isVersionChar(version.charAt(i), ".+~")) {
                return false; // invalid character in revision number
            }
        }
        return true;
    }

    /**
      * Orders as {@link DpkgVersionComparator} orders the version strings: epoch, then upstream
      * version, then revision, the last two by dpkg's {@code verrevcmp()}.
      *
      * @return -1, 0 or 1
      */
    @Override
    public int compareTo(DpkgVersion other) {
        int rc = Long.compare(epoch, other.epoch);
        if (rc == 0) {
            rc = DpkgVersionComparator.verrevcmp(
                    upstream, 0, upstream.length(), other.upstream, 0, other.upstream.length());
            if (rc == 0) {
                rc = DpkgVersionComparator.verrevcmp(
                        revision, 0, revision.length(), other.revision, 0, other.revision.length());
            }
        }
        return Integer.signum(rc);
    }

    /**
      * The version as dpkg writes it when the epoch must not be ambiguous: {@code epoch:} when the
      * epoch is non-zero or a part holds a {@code :}, then the upstream version, then {@code
      * -revision} when the revision is not empty.
      */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        if (epoch != 0 || upstream.indexOf(':') >= 0 || revision.indexOf(':') >= 0) {
            sb.append(epoch).append(':');
        }
        sb.append(upstream);
        if (!revision.isEmpty()) {
            sb.append('-').append(revision);
        }
        return sb.toString();
    }

    private static boolean isVersionChar(char c, String punctuation) {
        return DpkgVersionComparator.isDigit(c) || DpkgVersionComparator.isAlpha(c) || punctuation.indexOf(c) >= 0;
    }

    /** Compares {@code s[from, from + digits.length())} with {@code digits}, character by character. */
    private static int compareDigits(String s, int from, String digits) {
        for (int i = 0; i < digits.length(); i++) {
            final int d = s.charAt(from + i) - digits.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** The epoch's value, saturated to the range of a {@code long}; 0 when there is none. */
    private static long epochValue(String s, int start, int colon) {
        final int sign = DpkgVersionComparator.epochSign(s, start, colon);
        if (sign == 0) {
            return 0;
        }
        final int digits = DpkgVersionComparator.significantDigits(s, start, colon);
        long value = 0;
        for (int i = digits; i < colon; i++) {
            final int d = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return sign < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + d;
        }
        return sign * value;
    }
}
