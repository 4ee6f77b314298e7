package dev.imagescan.vulndb;

/** An advisory together with its entry for one (ecosystem, package): what a lookup returns. */
public record PackageAdvisory(Advisory advisory, AffectedPackage affected) {}
