/**
 * The vulnerability database: records read from advisory feeds ({@link dev.imagescan.vulndb.AdvisorySource}; OSV in
 * {@code osv}) and merged newest per id ({@link dev.imagescan.vulndb.NewestRecords}), compiled into a compact
 * artifact and loaded back as a {@link dev.imagescan.vulndb.VulnDatabase} that the matcher asks per (ecosystem,
 * package name).
 */
package dev.imagescan.vulndb;
