package dev.imagescan.version;

/**
  * {@link VersionComparator} for rpm EVR strings: each side is {@linkplain RpmVersion#parse parsed}
  * as {@code [epoch:]version[-release]} and the two are ordered by {@link RpmVersion#compareTo}
  * (rpm's {@code rpmverCmp()}). Stateless and thread-safe.
  */
public final class RpmVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final RpmVersionComparator INSTANCE = new RpmVersionComparator();

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public RpmVersionComparator() {}

    /**
      * Orders two EVR strings as rpm does.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        return RpmVersion.parse(a).compareTo(RpmVersion.parse(b));
    }

    /** {@code "rpm"}. */
    @Override
    public String name() {
        return "rpm";
    }
}
