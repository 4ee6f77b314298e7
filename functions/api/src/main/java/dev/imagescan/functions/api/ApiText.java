package dev.imagescan.functions.api;

/** Small text helpers for messages. */
final class ApiText {
    private ApiText() {}

    /** {@code s} cut to 100 characters, for quoting client input in a message. */
    static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
