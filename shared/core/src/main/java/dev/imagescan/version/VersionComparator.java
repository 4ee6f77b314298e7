package dev.imagescan.version;

import java.util.Comparator;

/**
  * Orders version strings the way one package manager does (rpm, dpkg, apk, ...).
  *
  * <p>Implementations must be total orders over all non-null strings, so they are also usable as a
  * {@link Comparator}; they must not throw on malformed input, only on {@code null}.
  */
public interface VersionComparator extends Comparator<String> {

    /**
      * Compares two version strings of this ecosystem.
      *
      * @return a negative number, zero or a positive number as {@code a} is older than, equal to or
      *     newer than {@code b}
      * @throws NullPointerException if either argument is null
      */
    @Override
    int compare(String a, String b);

    /** Short lower-case ecosystem name, e.g. {@code "rpm"}. */
    String name();
}
