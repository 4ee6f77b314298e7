package dev.imagescan.vulndb;

/**
 * Gives the vulnerability database to match against now. A scan asks once per scan, so a provider can switch to a
 * newer database between scans (the scan function notices a new current database without a redeploy).
 */
public interface DatabaseProvider {
    /** The database to use for the scan about to run; its {@link DatabaseInfo#digest()} is its version. */
    VulnDatabase current();
}
