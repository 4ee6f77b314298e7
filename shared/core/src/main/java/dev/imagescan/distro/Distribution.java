package dev.imagescan.distro;

import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Linux distribution family: the os-release IDs that share its release files, its advisories and its support
 * dates (CentOS has RHEL's advisories but support dates of its own, so it is a family of its own). Everything the
 * scanner knows about a family is said by its class; {@link Distributions} lists the classes. Only {@link #ids()} and
 * {@link #packageManager()} are required: a family whose advisories the scanner does not read keeps the defaults.
 */
public interface Distribution {

    /** The os-release IDs ({@code ID=} in /etc/os-release, lower case) of the family, its main one first. */
    List<String> ids();

    /**
     * The files older images state the family in instead of (or beside) os-release, most trusted first. Files of all
     * families are read in the order of {@link Distributions}.
     */
    default List<ReleaseFile> releaseFiles() {
        return List.of();
    }

    /** How the family's release lines start ({@code CentOS Linux release 7.9.2009 (Core)}), for each ID they name. */
    default List<ReleaseLine> releaseLines() {
        return List.of();
    }

    /**
     * Other names SBOM tools give the family's IDs (Trivy's {@code alma}, Syft's {@code red hat enterprise linux}),
     * lower case, each mapped to the ID it means. The package URL namespaces ({@link #purlNamespace}) need not be
     * listed: {@link Distributions#idForName} knows them.
     */
    default Map<String, String> aliases() {
        return Map.of();
    }

    /** Release code names that package URL {@code distro} qualifiers use ({@code bookworm}), mapped to the version. */
    default Map<String, String> codenames() {
        return Map.of();
    }

    /** The package manager that installs and upgrades the family's packages; it decides their {@link #packageType()}. */
    PackageManager packageManager();

    /** The family's package type: its package URL type and, through {@link #versionComparator()}, its version order. */
    default PackageType packageType() {
        return packageManager().packageType();
    }

    /** How the family's package manager orders versions ({@link VersionComparators#forPackageType}). */
    default VersionComparator versionComparator() {
        return VersionComparators.forPackageType(packageType().purlType());
    }

    /**
     * The package URL namespace of the family's packages on {@code id} ({@code redhat} for rhel, {@code suse} for sles):
     * the ID itself unless the family names its packages otherwise, as Trivy, Syft and Grype write them.
     */
    default String purlNamespace(String id) {
        return id;
    }

    /** Where the family's advisories are in the vulnerability database; empty when the scanner reads none of them. */
    default Optional<AdvisoryEcosystem> advisoryEcosystem() {
        return Optional.empty();
    }

    /**
     * The ecosystems of the database ({@code available}) that hold the advisories of {@code release} for the image
     * {@code os}, when the family chooses among several feeds of the same advisories (Ubuntu: the Ubuntu CVE tracker's
     * ecosystems where the database holds them, else Canonical's OSV ones); empty: every ecosystem
     * {@link #advisoryEcosystem()} names.
     */
    default Optional<List<String>> chooseEcosystems(String release, OperatingSystem os, Set<String> available) {
        return Optional.empty();
    }

    /** How the family numbers the releases advisories and support dates are given for. */
    default ReleaseScheme releaseScheme() {
        return ReleaseScheme.MAJOR;
    }

    /**
     * When each release (as {@link #releaseScheme()} gives it: {@code 12}, {@code 3.20}) stops getting security fixes:
     * the end of the distribution's own security support, from its published lifecycle pages as gathered on
     * endoflife.date. A release missing here is treated as supported.
     */
    default Map<String, LocalDate> endOfLifeDates() {
        return Map.of();
    }

    /** The end of security support of the release {@code version} belongs to ({@code 12.7} → Debian 12's), if known. */
    default Optional<LocalDate> endOfLife(String version) {
        if (version == null) {
            return Optional.empty();
        }
        return releaseScheme().release(version).map(endOfLifeDates()::get);
    }
}
