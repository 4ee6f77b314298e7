/**
 * OSV import: {@link dev.imagescan.vulndb.osv.OsvSources} names where documents come from (a JSON file, a directory,
 * an OSV {@code all.zip}, an http(s) URL of either), {@link dev.imagescan.vulndb.osv.OsvParser} turns one document
 * into an {@link dev.imagescan.vulndb.OsvRecord}, {@link dev.imagescan.vulndb.osv.CvssScores} scores its CVSS
 * vectors. Everything is bounded ({@link dev.imagescan.vulndb.osv.OsvLimits}); what is malformed is an
 * {@link dev.imagescan.vulndb.osv.OsvFormatException} naming the document.
 */
package dev.imagescan.vulndb.osv;
