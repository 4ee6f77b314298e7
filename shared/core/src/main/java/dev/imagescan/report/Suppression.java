package dev.imagescan.report;

import java.util.Objects;

/**
 * Why a finding does not apply: an ignore-file entry or a VEX statement that matched it.
 *
 * @param kind          where the statement comes from
 * @param status        {@code not_affected} or {@code fixed} (VEX), {@code ignored} (ignore file)
 * @param justification the VEX justification as the document wrote it ({@code vulnerable_code_not_present},
 *                      {@code code_not_reachable}, ...); null when it gave none
 * @param statement     the human reason: the ignore entry's reason or statement, the VEX impact statement or detail;
 *                      null when none
 * @param source        the file the statement was read from (as given on the command line)
 */
public record Suppression(Kind kind, String status, String justification, String statement, String source) {
    /** Where a suppression comes from. */
    public enum Kind {
        /** an entry of the ignore file */
        IGNORE_FILE,
        /** an OpenVEX statement */
        OPENVEX,
        /** a CycloneDX vulnerability analysis */
        CYCLONEDX_VEX
    }

    /** Status of a VEX {@code not_affected} statement (CycloneDX {@code not_affected} and {@code false_positive}). */
    public static final String NOT_AFFECTED = "not_affected";
    /** Status of a VEX {@code fixed} statement (CycloneDX {@code resolved}). */
    public static final String FIXED = "fixed";
    /** Status of an ignore-file entry. */
    public static final String IGNORED = "ignored";

    public Suppression {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
    }

    /** One line for people: {@code not_affected (vulnerable_code_not_present) by vex.json: "reason"}. */
    public String describe() {
        return status + (justification == null ? "" : " (" + justification + ")") + " by " + source
                + (statement == null || statement.isBlank() ? "" : ": " + statement);
    }
}
