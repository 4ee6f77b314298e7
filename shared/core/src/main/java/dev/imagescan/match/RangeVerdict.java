package dev.imagescan.match;

/**
 * Whether one installed version is affected by one advisory entry.
 *
 * @param fixedVersion the lowest version above the installed one that the entry says is fixed; null when the entry
 *                     names none (no fix available) or the version is not affected
 */
public record RangeVerdict(boolean affected, String fixedVersion) {
    public static final RangeVerdict NOT_AFFECTED = new RangeVerdict(false, null);
}
