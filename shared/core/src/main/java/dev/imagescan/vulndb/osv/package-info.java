/**
 * OSV import, the first {@link dev.imagescan.vulndb.AdvisorySource}: {@link dev.imagescan.vulndb.osv.OsvSources}
 * makes an {@link dev.imagescan.vulndb.osv.OsvSource} of where documents come from (a JSON file, a directory, an OSV
 * {@code all.zip}, an http(s) URL of either), which parses each document with
 * {@link dev.imagescan.vulndb.osv.OsvParser} into an {@link dev.imagescan.vulndb.OsvRecord} as it is read;
 * {@link dev.imagescan.vulndb.osv.CvssScores} scores its CVSS vectors. Everything is bounded
 * ({@link dev.imagescan.vulndb.osv.OsvLimits}); what is malformed is an
 * {@link dev.imagescan.vulndb.osv.OsvFormatException} naming the document.
 */
package dev.imagescan.vulndb.osv;
