/**
 * The database artifact (docs/vulndb-format.md): {@link dev.imagescan.vulndb.artifact.DatabaseBuilder} goes from
 * advisory sources ({@link dev.imagescan.vulndb.AdvisorySource}) to records, newest per id
 * ({@link dev.imagescan.vulndb.NewestRecords}), to an artifact, {@link dev.imagescan.vulndb.artifact.DatabaseWriter}
 * compiles records into the versioned, checksummed, deterministic file,
 * {@link dev.imagescan.vulndb.artifact.VulnDatabases} loads it back as a {@link dev.imagescan.vulndb.VulnDatabase}
 * that decodes only what a lookup asks for.
 */
package dev.imagescan.vulndb.artifact;
