package dev.imagescan.cli.db;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The database in the cache, as its metadata names it.
 *
 * @param version      {@code sha256:} of the artifact, its version
 * @param artifact     the artifact file
 * @param source       where it came from: the URL it was downloaded from, {@code import:FILE}, {@code feeds}
 * @param installedAt  when it was put in the cache
 * @param checkedAt    when its source last confirmed it current (or it was installed)
 */
public record CachedDatabase(String version, Path artifact, String source, Instant installedAt, Instant checkedAt) {
    public CachedDatabase {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(installedAt, "installedAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
