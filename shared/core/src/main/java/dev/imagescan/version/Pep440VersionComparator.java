package dev.imagescan.version;

import java.util.Objects;
import java.util.Optional;

/**
  * {@link VersionComparator} for Python package versions ({@link Pep440Version}), the order of OSV's {@code PyPI}
  * ecosystem. Strings that are not PEP 440 versions (pip no longer installs them) are older than every valid version
  * and ordered among themselves by their text, so the order stays total. Stateless and thread-safe.
  */
public final class Pep440VersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final Pep440VersionComparator INSTANCE = new Pep440VersionComparator();

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public Pep440VersionComparator() {}

    /**
      * Orders two Python versions as {@code packaging.version.Version} does.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Optional<Pep440Version> va = Pep440Version.parse(a);
        Optional<Pep440Version> vb = Pep440Version.parse(b);
        if (va.isPresent() && vb.isPresent()) {
            return va.get().compareTo(vb.get());
        }
        if (va.isEmpty() && vb.isEmpty()) {
            return Integer.signum(a.compareTo(b));
        }
        return va.isEmpty() ? -1 : 1;
    }

    /** {@code "pep440"}. */
    @Override
    public String name() {
        return "pep440";
    }
}
