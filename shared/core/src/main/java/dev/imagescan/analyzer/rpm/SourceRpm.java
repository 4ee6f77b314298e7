package dev.imagescan.analyzer.rpm;

import java.util.Optional;

/**
 * The source package a binary rpm was built from, parsed from the SOURCERPM tag
 * ({@code util-linux-2.32.1-42.el8_8.src.rpm} gives name {@code util-linux}, version {@code 2.32.1-42.el8_8}).
 *
 * @param name    source package name
 * @param version {@code version-release} of the source package, without epoch
 */
public record SourceRpm(String name, String version) {

    private static final String[] SUFFIXES = {".src.rpm", ".nosrc.rpm"};

    /**
     * Splits a SOURCERPM value; empty when the value is {@code null}, {@code (none)}, lacks a
     * {@code .src.rpm}/{@code .nosrc.rpm} suffix or has no {@code name-version-release} shape.
     */
    public static Optional<SourceRpm> parse(String sourceRpm) {
        if (sourceRpm == null) {
            return Optional.empty();
        }
        String base = null;
        for (String suffix : SUFFIXES) {
            if (sourceRpm.endsWith(suffix)) {
                base = sourceRpm.substring(0, sourceRpm.length() - suffix.length());
                break;
            }
        }
        if (base == null) {
            return Optional.empty();
        }
        int releaseDash = base.lastIndexOf('-');
        if (releaseDash <= 0 || releaseDash == base.length() - 1) {
            return Optional.empty();
        }
        int versionDash = base.lastIndexOf('-', releaseDash - 1);
        if (versionDash <= 0 || versionDash == releaseDash - 1) {
            return Optional.empty();
        }
        String name = base.substring(0, versionDash);
        String version = base.substring(versionDash + 1, releaseDash);
        String release = base.substring(releaseDash + 1);
        int colon = version.indexOf(':');
        if (colon >= 0) {
            version = version.substring(colon + 1); // an epoch has no place here; drop it if a packager put one in
            if (version.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new SourceRpm(name, version + "-" + release));
    }
}
