/**
 * The CLI's vulnerability database lifecycle: the cache directory ({@link dev.imagescan.cli.db.DatabaseCache}), the
 * download of a published artifact ({@link dev.imagescan.cli.db.ArtifactDownload}), and the choice of database a
 * scan makes ({@link dev.imagescan.cli.db.DatabaseChoice}). docs/cli.md#the-vulnerability-database.
 */
package dev.imagescan.cli.db;
