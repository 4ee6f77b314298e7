package dev.imagescan.match;

import java.time.LocalDate;
import java.util.List;

/**
 * How far the database can speak for an image, so that an empty list of findings is never silently mistaken for
 * a clean image.
 *
 * @param status     whether the release is covered
 * @param ecosystem  the ecosystem the OS release asks for ({@code Debian:12}); null for an unknown OS
 * @param ecosystems the database ecosystems that were used
 * @param endOfLife  the end of the release's security support, when known
 * @param eolReached whether that date has passed at the time of the match
 * @param message    one sentence for people: why nothing or not everything can be reported; null when all is well
 */
public record Coverage(Status status, String ecosystem, List<String> ecosystems, LocalDate endOfLife,
        boolean eolReached, String message) {

    public enum Status {
        /** The database holds advisories for this release. */
        COVERED,
        /** The OS is one we match, but the database holds nothing for this release. */
        NO_DATA,
        /** The OS is unknown, or one no advisory source is read for. */
        UNSUPPORTED_OS
    }

    public Coverage {
        ecosystems = List.copyOf(ecosystems);
    }
}
