package dev.imagescan.store;

/** Why a scan was asked for. */
public enum ScanTrigger {
    /** Someone asked (the HTTP API, the CLI). */
    MANUAL,
    /** An image archive arrived in the bucket. */
    PUSH,
    /** The schedule re-checks every known image against newer data. */
    PERIODIC
}
