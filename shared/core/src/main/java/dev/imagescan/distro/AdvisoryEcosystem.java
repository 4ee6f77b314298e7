package dev.imagescan.distro;

/**
 * Where a family's advisories are in the vulnerability database: the OSV ecosystem {@code prefix + release}
 * ({@code Debian:12}, {@code Alpine:v3.20}) and, for a family that splits a release's advisories further, every
 * ecosystem under it ({@code Ubuntu:22.04:LTS}; {@code Red Hat:enterprise_linux:9::baseos}, {@code ...::appstream}).
 *
 * @param prefix            what comes before the release ({@code Debian:}, {@code Alpine:v})
 * @param withSubEcosystems whether {@code prefix + release + ":…"} ecosystems hold the release's advisories too
 */
public record AdvisoryEcosystem(String prefix, boolean withSubEcosystems) {

    /** The ecosystem of one release, as a person would look for it: {@code Debian:12}. */
    public String label(String release) {
        return prefix + release;
    }
}
