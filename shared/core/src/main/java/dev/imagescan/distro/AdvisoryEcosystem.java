package dev.imagescan.distro;

/**
 * Where a family's advisories are in the vulnerability database: the OSV ecosystem {@code prefix + release}
 * ({@code Debian:12}, {@code Alpine:v3.20}) and, for a family that splits a release's advisories further, every
 * ecosystem under it ({@code Ubuntu:22.04:LTS}; {@code Red Hat:enterprise_linux:9::baseos}, {@code ...::appstream}).
 * SUSE files a release's advisories under every product and module of it ({@code SUSE:Linux Enterprise Server 15
 * SP5}, {@code SUSE:Linux Enterprise Module for Basesystem 15 SP5}, {@code ...15 SP5-LTSS}): for it, {@code anyProduct}
 * makes every ecosystem {@code prefix + <product> + " " + release}, with or without a {@code -<phase>} suffix, count.
 *
 * @param prefix            what comes before the release ({@code Debian:}, {@code Alpine:v}), or before the product
 * @param withSubEcosystems whether {@code prefix + release + ":…"} ecosystems hold the release's advisories too
 * @param anyProduct        whether the release's advisories are in {@code prefix + <any product> + " " + release}
 */
public record AdvisoryEcosystem(String prefix, boolean withSubEcosystems, boolean anyProduct) {

    /** The ecosystem {@code prefix + release} (and those under it when {@code withSubEcosystems}). */
    public AdvisoryEcosystem(String prefix, boolean withSubEcosystems) {
        this(prefix, withSubEcosystems, false);
    }

    /** The ecosystem of one release, as a person would look for it: {@code Debian:12}, {@code SUSE:* 15 SP5}. */
    public String label(String release) {
        return anyProduct ? prefix + "* " + release : prefix + release;
    }

    /** Whether {@code ecosystem} holds advisories of {@code release} (only for {@code anyProduct}). */
    public boolean holdsProductRelease(String ecosystem, String release) {
        return anyProduct && ecosystem.startsWith(prefix) && ecosystem.length() > prefix.length() + release.length()
                && (ecosystem.endsWith(" " + release) || ecosystem.contains(" " + release + "-"));
    }
}
