package dev.imagescan.vulndb.osv;

/**
 * Something in an otherwise valid record that the import left out, for the importer to count and report.
 *
 * @param kind     what was left out
 * @param source   the document it came from (file, archive entry or URL)
 * @param recordId the record's id, or null when it had none yet where the problem was found
 * @param message  one line for the user: what was skipped and why
 */
public record OsvWarning(Kind kind, String source, String recordId, String message) {

    /** The kinds of things an import skips. */
    public enum Kind {
        /** A CVSS vector that does not parse or does not match its severity type: its score is left out. */
        UNPARSEABLE_CVSS,
        /** A vendor feed's package line whose status or version cannot be used: that entry is left out. */
        SKIPPED_ENTRY
    }

    @Override
    public String toString() {
        return source + (recordId == null ? "" : " (" + recordId + ")") + ": " + message;
    }
}
