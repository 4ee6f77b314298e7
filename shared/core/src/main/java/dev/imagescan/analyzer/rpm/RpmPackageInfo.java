package dev.imagescan.analyzer.rpm;

import java.util.Objects;

/**
 * The identity of one installed package, as read from its rpm header. Absent tags are {@code null}; see the
 * component descriptions for the exact rules.
 *
 * @param name            NAME tag
 * @param epoch           EPOCH tag, {@code null} when the header has none
 * @param version         VERSION tag
 * @param release         RELEASE tag
 * @param arch            ARCH tag, {@code null} when absent (gpg-pubkey pseudo packages have none)
 * @param sourceRpm       SOURCERPM tag exactly as stored (may be the literal {@code (none)}), {@code null} when absent
 * @param vendor          VENDOR tag, {@code null} when absent or empty
 * @param modularityLabel MODULARITYLABEL tag, {@code null} when absent
 * @param instance        header instance number (database key) when the backend knows it, else {@code null}
 */
public record RpmPackageInfo(
        String name,
        Long epoch,
        String version,
        String release,
        String arch,
        String sourceRpm,
        String vendor,
        String modularityLabel,
        Integer instance) {

    public RpmPackageInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(release, "release");
    }

    /** The parsed SOURCERPM, empty when the tag is absent, {@code (none)} or not a source rpm file name. */
    public java.util.Optional<SourceRpm> source() {
        return SourceRpm.parse(sourceRpm);
    }

    /** {@code name-[epoch:]version-release[.arch]}, as rpm prints NEVRA (for messages and logs). */
    public String nevra() {
        StringBuilder sb = new StringBuilder(name).append('-');
        if (epoch != null) {
            sb.append(epoch).append(':');
        }
        sb.append(version).append('-').append(release);
        if (arch != null) {
            sb.append('.').append(arch);
        }
        return sb.toString();
    }
}
