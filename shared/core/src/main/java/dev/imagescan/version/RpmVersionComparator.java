package dev.imagescan.version;

import java.util.Objects;

/**
  * {@link VersionComparator} for rpm EVR strings: each side is split as {@link RpmVersion#parse} splits it,
  * {@code [epoch:]version[-release]}, and the two are ordered as {@link RpmVersion#compareTo} orders them (rpm's
  * {@code rpmverCmp()}). It splits and compares in place, without allocating, as it runs for every advisory entry a
  * scan evaluates. Stateless and thread-safe.
  */
public final class RpmVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final RpmVersionComparator INSTANCE = new RpmVersionComparator();

    /** The epoch that an absent or empty one compares as. */
    private static final String ZERO = "0";

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public RpmVersionComparator() {}

    /**
      * Orders two EVR strings as rpm does: {@code RpmVersion.parse(a).compareTo(RpmVersion.parse(b))}.
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
        final int aColon = epochColon(a);
        final int bColon = epochColon(b);
        // the epochs, an absent or empty one as "0" (parseEVR() and rpmverCmp())
        int rc = aColon > 0 ? (bColon > 0 ? Rpmvercmp.compare(a, 0, aColon, b, 0, bColon)
                : Rpmvercmp.compare(a, 0, aColon, ZERO, 0, 1))
                : bColon > 0 ? Rpmvercmp.compare(ZERO, 0, 1, b, 0, bColon) : 0;
        if (rc != 0) {
            return rc;
        }
        // the release is what follows the last '-'; [0, colon] holds only digits and ':', so it lies after the epoch
        final int aHyphen = a.lastIndexOf('-');
        final int bHyphen = b.lastIndexOf('-');
        rc = Rpmvercmp.compare(a, aColon + 1, aHyphen < 0 ? a.length() : aHyphen,
                b, bColon + 1, bHyphen < 0 ? b.length() : bHyphen);
        if (rc != 0) {
            return rc;
        }
        // an absent release is older than any present one, even an empty one (rpm's compare_values())
        if (aHyphen < 0 || bHyphen < 0) {
            return aHyphen < 0 ? (bHyphen < 0 ? 0 : -1) : 1;
        }
        return Rpmvercmp.compare(a, aHyphen + 1, a.length(), b, bHyphen + 1, b.length());
    }

    /** {@code "rpm"}. */
    @Override
    public String name() {
        return "rpm";
    }

    /** The index of the {@code :} ending a leading run of ASCII digits (the epoch, maybe empty), or -1. */
    private static int epochColon(String evr) {
        int s = 0;
        while (s < evr.length() && Rpmvercmp.isDigit(evr.charAt(s))) {
            s++;
        }
        return s < evr.length() && evr.charAt(s) == ':' ? s : -1;
    }
}
