package dev.imagescan.version;

import java.util.Objects;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
  * {@link VersionComparator} for Maven artifact versions, as Maven itself orders them: {@link ComparableVersion} of
  * {@code org.apache.maven:maven-artifact} (qualifiers {@code alpha < beta < milestone < rc < snapshot < "" < sp},
  * unknown qualifiers after those, case-insensitive, trailing zeros ignored). This is the order OSV's {@code Maven}
  * ecosystem is defined in. Stateless and thread-safe.
  */
public final class MavenVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final MavenVersionComparator INSTANCE = new MavenVersionComparator();

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public MavenVersionComparator() {}

    /**
      * Orders two Maven versions.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return Integer.signum(new ComparableVersion(a.trim()).compareTo(new ComparableVersion(b.trim())));
    }

    /** {@code "maven"}. */
    @Override
    public String name() {
        return "maven";
    }
}
