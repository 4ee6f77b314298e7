package dev.imagescan.vulndb.artifact;

import dev.imagescan.vulndb.DatabaseInfo;

/**
 * The outcome of {@link DatabaseBuilder#build}: what the artifact says of itself, and what the build read.
 *
 * @param info  the written database's info, as loading it will report it (digest included)
 * @param stats the counts of the import
 */
public record BuildResult(DatabaseInfo info, BuildStats stats) {}
