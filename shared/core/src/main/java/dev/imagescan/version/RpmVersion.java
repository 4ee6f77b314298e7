package dev.imagescan.version;

import java.util.Objects;

/**
  * An rpm {@code [epoch:]version[-release]} (EVR) value, parsed as rpm parses it and ordered as rpm
  * orders it.
  *
  * <p><b>Parsing</b> ({@link #parse}) follows rpm's {@code parseEVR()} ({@code lib/rpmver.c}): a
  * leading run of ASCII digits followed by {@code :} is the epoch (an empty one, as in {@code
  * ":1.0"}, counts as 0); the release is everything after the <em>last</em> {@code -}; the version is
  * what lies between. Nothing is rejected: any non-null string parses.
  *
  * <p><b>Ordering</b> ({@link #compareTo}) is rpm's {@code rpmverCmp()}: epochs numerically (absent =
  * 0, any number of digits), then versions by {@link Rpmvercmp}, then releases by {@link Rpmvercmp},
  * where an <em>absent</em> release sorts before any present one, so {@code 1.0 < 1.0-1}. This is a
  * total order, and for installed packages (whose headers always carry a release) it agrees with
  * rpm's header comparison {@code rpmVersionCompare()}. rpm's dependency matching ({@code
  * rpmverOverlap()}) instead skips the release when either side has none; that looser, non-transitive
  * comparison is {@link #compareIgnoringMissingRelease}.
  *
  * <p><b>Text form</b>: {@link #toString} gives back exactly the string that was parsed ({@code
  * parse(s).toString().equals(s)} for every {@code s}): the epoch is written only when one was given,
  * as it was given (so {@code "0:1.0"} stays {@code "0:1.0"} and {@code "1.0"} stays {@code "1.0"});
  * for {@link #of} values, only when it is non-zero. {@link #equals} compares that text form, so it is
  * stricter than {@code compareTo() == 0} ({@code 0:1.0} and {@code 1.0} compare equal but are not
  * {@code equals}), as with {@link java.math.BigDecimal}.
  */
public final class RpmVersion implements Comparable<RpmVersion> {

    /** Epoch digits as given; {@code null} when absent, {@code ""} for an empty epoch. */
    private final String epochText;

    private final long epoch;
    private final String version;

    /** {@code null} when absent ("1.0"), {@code ""} when present but empty ("1.0-"). */
    private final String release;

    private RpmVersion(String epochText, String version, String release) {
        this.epochText = epochText;
        this.epoch = epochValue(epochText);
        this.version = version;
        this.release = release;
    }

    /**
      * Parses {@code [epoch:]version[-release]} as rpm does; never fails except on {@code null}.
      *
      * @throws NullPointerException if {@code evr} is null
      */
    public static RpmVersion parse(String evr) {
        Objects.requireNonNull(evr, "evr");
        int s = 0; // epoch terminator
        while (s < evr.length() && Rpmvercmp.isDigit(evr.charAt(s))) {
            s++;
        }
        // version terminator: the last '-' (at or after s, since [0, s) holds only digits)
        final int se = evr.lastIndexOf('-');
        final String epochText;
        final int versionStart;
        if (s < evr.length() && evr.charAt(s) == ':') {
            epochText = evr.substring(0, s);
            versionStart = s + 1;
        } else {
            epochText = null;
            versionStart = 0;
        }
        if (se >= 0) {
            return new RpmVersion(epochText, evr.substring(versionStart, se), evr.substring(se + 1));
        }
        return new RpmVersion(epochText, evr.substring(versionStart), null);
    }

    /**
      * Builds a value from its parts, as read from an rpm header for instance. The epoch is written by
      * {@link #toString} only when non-zero. The parts are not checked, so the text of an odd value may
      * not parse back to the same parts (e.g. a release containing {@code -}).
      *
      * @param epoch the epoch, 0 when the package has none
      * @param release the release, or {@code null} when there is none ({@code ""} is a present but
      *     empty release, which rpm orders after an absent one)
      * @throws IllegalArgumentException if {@code epoch} is negative
      * @throws NullPointerException if {@code version} is null
      */
    public static RpmVersion of(long epoch, String version, String release) {
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch: " + epoch);
        }
        Objects.requireNonNull(version, "version");
        return new RpmVersion(epoch == 0 ? null : Long.toString(epoch), version, release);
    }

    /**
      * The epoch, 0 when absent or empty. An epoch too large for a {@code long} (only possible from
      * {@link #parse}) reads as {@link Long#MAX_VALUE} here; comparisons still use its exact value.
      */
    public long epoch() {
        return epoch;
    }

    /** Whether an epoch was written (by {@link #parse}) or is non-zero (by {@link #of}). */
    public boolean hasEpoch() {
        return epochText != null;
    }

    /** The version part (may be empty for odd input such as {@code "-1"}). */
    public String version() {
        return version;
    }

    /** The release part, {@code ""} when there is none; see {@link #hasRelease}. */
    public String release() {
        return release == null ? "" : release;
    }

    /** Whether a release was given (a trailing {@code -} gives a present but empty release). */
    public boolean hasRelease() {
        return release != null;
    }

    /**
      * rpm's {@code rpmverCmp()}: epoch, then version, then release, an absent release sorting before
      * any present one (even an empty one). Consistent with {@link #equals} only up to epoch spelling
      * and {@link Rpmvercmp} equivalence (e.g. {@code 1.0 == 1_0 == 01.0}).
      *
      * @return -1, 0 or 1
      */
    @Override
    public int compareTo(RpmVersion other) {
        int rc = Rpmvercmp.compare(epochForCompare(), other.epochForCompare());
        if (rc == 0) {
            rc = Rpmvercmp.compare(version, other.version);
            if (rc == 0) {
                rc = compareValues(release, other.release);
            }
        }
        return rc;
    }

    /**
      * The comparison rpm's dependency matching ({@code rpmverOverlap()}) makes: as {@link #compareTo},
      * except that releases are compared only when both are present and non-empty, so {@code 1.0} and
      * {@code 1.0-5} compare equal. Useful for ranges written without a release, but not a total order
      * ({@code 1.0-1 == 1.0 == 1.0-2} while {@code 1.0-1 < 1.0-2}): never sort with it.
      *
      * @return -1, 0 or 1
      */
    public int compareIgnoringMissingRelease(RpmVersion other) {
        // rpmverOverlap() compares epochs only when both are present and otherwise lets a positive
        // epoch win over a missing one; with epochs being digit strings that is "absent = 0".
        int rc = Rpmvercmp.compare(epochForCompare(), other.epochForCompare());
        if (rc == 0) {
            rc = Rpmvercmp.compare(version, other.version);
            if (rc == 0 && release != null && !release.isEmpty()
                    && other.release != null && !other.release.isEmpty()) {
                rc = Rpmvercmp.compare(release, other.release);
            }
        }
        return rc;
    }

    /** The EVR text: exactly what {@link #parse} was given; see the class comment. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        if (epochText != null) {
            sb.append(epochText).append(':');
        }
        sb.append(version);
        if (release != null) {
            sb.append('-').append(release);
        }
        return sb.toString();
    }

    /** Equal when the text forms are equal; see the class comment. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RpmVersion
                && Objects.equals(epochText, ((RpmVersion) o).epochText)
                && version.equals(((RpmVersion) o).version)
                && Objects.equals(release, ((RpmVersion) o).release);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochText, version, release);
    }

    private String epochForCompare() {
        // parseEVR() turns an empty epoch into "0"; rpmverCmp() turns a missing one into "0"
        return epochText == null || epochText.isEmpty() ? "0" : epochText;
    }

    /** rpm's {@code compare_values()}: a missing value is older than any present one. */
    private static int compareValues(String a, String b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        return b == null ? 1 : Rpmvercmp.compare(a, b);
    }

    private static long epochValue(String digits) {
        if (digits == null) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            final int d = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return Long.MAX_VALUE;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
