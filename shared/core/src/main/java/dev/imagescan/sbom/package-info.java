/**
 * Reading a CycloneDX JSON SBOM (spec 1.4–1.6) into an {@link dev.imagescan.inventory.Inventory}, so an image
 * someone else inventoried (Trivy, Syft, or this scanner's own CycloneDX output) can be matched like a scanned one.
 * Only OS packages ({@code deb}, {@code apk}, {@code rpm} package URLs) are kept. Entry point:
 * {@link dev.imagescan.sbom.CycloneDxSbomReader}.
 */
package dev.imagescan.sbom;
