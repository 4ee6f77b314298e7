/**
 * The one use case every front end runs after an inventory is known: inventory → match → report → verdict
 * ({@link dev.imagescan.assess.Assessor}). The CLI calls it on a scanned image or an SBOM; the scan service calls it
 * on a fresh or a stored inventory.
 */
package dev.imagescan.assess;
