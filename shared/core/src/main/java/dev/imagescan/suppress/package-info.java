/**
 * Saying what does not apply: ignore files ({@link dev.imagescan.suppress.IgnoreFileParser}), OpenVEX and CycloneDX
 * VEX documents ({@link dev.imagescan.suppress.VexDocuments}), and the {@link dev.imagescan.suppress.Suppressions}
 * that decide, finding by finding, which of them applies. Reads findings and inventories; knows nothing of images,
 * layers, matching or policies.
 */
package dev.imagescan.suppress;
