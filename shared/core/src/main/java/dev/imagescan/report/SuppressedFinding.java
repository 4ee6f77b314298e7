package dev.imagescan.report;

import java.util.Objects;

/** A finding that an ignore entry or VEX statement says does not apply, with that statement. */
public record SuppressedFinding(Finding finding, Suppression suppression) {
    public SuppressedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(suppression, "suppression");
    }
}
