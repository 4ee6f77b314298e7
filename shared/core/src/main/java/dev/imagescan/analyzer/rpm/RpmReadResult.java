package dev.imagescan.analyzer.rpm;

import java.util.List;

/**
 * What {@link RpmDatabaseReader} found in one rpm database.
 *
 * @param format   backend format name: {@code bdb}, {@code ndb} or {@code sqlite}
 * @param packages every header that parsed, in storage order (gpg-pubkey pseudo packages included)
 * @param problems one line per header that could not be parsed (which header, what is wrong), and a line when the
 *                 database holds no header at all
 */
public record RpmReadResult(String format, List<RpmPackageInfo> packages, List<String> problems) {

    public RpmReadResult {
        packages = List.copyOf(packages);
        problems = List.copyOf(problems);
    }
}
