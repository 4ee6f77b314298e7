/**
 * The vulnerability database: OSV records imported ({@code osv}), compiled into a compact artifact and loaded
 * back as a {@link dev.imagescan.vulndb.VulnDatabase} that the matcher asks per (ecosystem, package name).
 */
package dev.imagescan.vulndb;
