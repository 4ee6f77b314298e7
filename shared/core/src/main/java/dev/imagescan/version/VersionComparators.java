package dev.imagescan.version;

import java.util.Objects;

/** Finds the {@link VersionComparator} of a package ecosystem. */
public final class VersionComparators {

    private VersionComparators() {}

    /**
      * The comparator for packages of {@code type}, named as a package URL type or as the package
      * manager: {@code "deb"} or {@code "dpkg"} ({@link DpkgVersionComparator}), {@code "apk"} ({@link
      * ApkVersionComparator}), {@code "rpm"} ({@link RpmVersionComparator}), {@code "maven"} ({@link
      * MavenVersionComparator}), {@code "npm"}, {@code "cargo"} or {@code "semver"} ({@link SemVerComparator}),
      * {@code "pypi"} or {@code "pep440"} ({@link Pep440VersionComparator}), {@code "golang"} or {@code "go"}
      * ({@link GoVersionComparator}), {@code "gem"} or {@code "rubygems"} ({@link RubyGemsVersionComparator}),
      * {@code "nuget"} ({@link NuGetVersionComparator}), {@code "composer"} or {@code "packagist"} ({@link
      * ComposerVersionComparator}). Names are matched exactly (lower case).
      *
      * @throws IllegalArgumentException naming {@code type} if no comparator is known for it
      * @throws NullPointerException if {@code type} is null
      */
    public static VersionComparator forPackageType(String type) {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case "deb":
            case "dpkg":
                return DpkgVersionComparator.INSTANCE;
            case "apk":
                return ApkVersionComparator.INSTANCE;
            case "rpm":
                return RpmVersionComparator.INSTANCE;
            case "maven":
                return MavenVersionComparator.INSTANCE;
            case "npm":
            case "cargo":
            case "semver":
                return SemVerComparator.INSTANCE;
            case "pypi":
            case "pep440":
                return Pep440VersionComparator.INSTANCE;
            case "golang":
            case "go":
                return GoVersionComparator.INSTANCE;
            case "gem":
            case "rubygems":
                return RubyGemsVersionComparator.INSTANCE;
            case "nuget":
                return NuGetVersionComparator.INSTANCE;
            case "composer":
            case "packagist":
                return ComposerVersionComparator.INSTANCE;
            default:
                throw new IllegalArgumentException(
                        "no version comparator for package type '" + type
                                + "' (known: deb, dpkg, apk, rpm, maven, npm, cargo, semver, pypi, pep440, golang, go,"
                                + " gem, rubygems, nuget, composer, packagist)");
        }
    }
}
