package dev.imagescan.inventory;

/**
 * The package ecosystems an inventory holds, named as package URL types: the operating systems' (deb, apk, rpm) and
 * the language ecosystems' application packages (maven, npm, pypi, golang, gem, nuget, composer, cargo).
 */
public enum PackageType {
    DEB("deb", null),
    APK("apk", null),
    RPM("rpm", null),
    MAVEN("maven", "Maven"),
    NPM("npm", "npm"),
    PYPI("pypi", "PyPI"),
    GOLANG("golang", "Go"),
    GEM("gem", "RubyGems"),
    NUGET("nuget", "NuGet"),
    COMPOSER("composer", "Packagist"),
    CARGO("cargo", "crates.io");

    private final String purlType;
    private final String osvEcosystem;

    PackageType(String purlType, String osvEcosystem) {
        this.purlType = purlType;
        this.osvEcosystem = osvEcosystem;
    }

    public String purlType() {
        return purlType;
    }

    /** Whether packages of this type are an operating system's (matched against the distribution's advisories). */
    public boolean isOs() {
        return osvEcosystem == null;
    }

    /**
     * The OSV ecosystem of a language type ({@code Maven}, {@code npm}, {@code PyPI}, {@code Go}, {@code RubyGems},
     * {@code NuGet}, {@code Packagist}, {@code crates.io}); null for OS.
     */
    public String osvEcosystem() {
        return osvEcosystem;
    }
}
