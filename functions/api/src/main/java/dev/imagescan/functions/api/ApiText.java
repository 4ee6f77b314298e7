package dev.imagescan.functions.api;

/** Small text helpers for messages. */
final class ApiText {
    private ApiText() {}

    /** {@code s} cut to 100 characters, for quoting client input in a message. */
    static String cut(String s) {
        return cut(s, 100);
    }

    /** {@code s} cut to {@code max} characters. */
    static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
