/**
 * What the scanner knows about each Linux distribution, in one place: one {@link dev.imagescan.distro.Distribution}
 * class per family (its os-release IDs and release files, package type and manager, package URL namespace, advisory
 * ecosystems and end-of-life dates) and the one list of them, {@link dev.imagescan.distro.Distributions}. The OS
 * detector, the package URLs ({@link dev.imagescan.distro.PackageUrls}), the matcher, the report's upgrade commands
 * and the SBOM reader ask the registry instead of keeping tables of their own.
 */
package dev.imagescan.distro;
