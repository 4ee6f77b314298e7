package dev.imagescan.analyzer.rpm;

/**
 * One raw package header as stored in an rpm database (the "immutable region" form, without the 8-byte
 * header magic), with its instance number (database key) when the backend knows it.
 *
 * @param instance header instance number, or {@code null}
 * @param blob     the header bytes; owned by the receiver
 */
public record RpmHeaderBlob(Integer instance, byte[] blob) {

    /** {@code "instance 12"} or {@code "header #3"} (1-based position) for messages. */
    public String describe(int ordinal) {
        return instance != null ? "header instance " + instance : "header #" + ordinal;
    }
}
