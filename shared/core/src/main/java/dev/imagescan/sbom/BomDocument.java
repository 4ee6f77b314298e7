package dev.imagescan.sbom;

import java.util.List;

/**
 * A CycloneDX BOM reduced to what an inventory needs.
 *
 * @param name        what the SBOM is called in messages (its file name)
 * @param specVersion one of {@link CycloneDxSbomReader#SPEC_VERSIONS}
 * @param subject     {@code metadata.component}, the thing the BOM describes; null when absent
 * @param components  every component, nested ones included, depth-first in document order
 */
record BomDocument(String name, String specVersion, BomComponent subject, List<BomComponent> components) {
    BomDocument {
        components = List.copyOf(components);
    }
}
