package dev.imagescan.functions.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The headers every answer carries so that a browser opening it cannot be turned against its reader: reports hold
 * text from scanned images (package names, advisory summaries), which the HTML writer escapes, and these headers are
 * the second line. Every response: {@code X-Content-Type-Options: nosniff} (a JSON or text body is never run as
 * HTML or script). HTML: a {@code Content-Security-Policy} that allows nothing but the page's own inline style block,
 * named by its SHA-256 (no script at all, no other origin, no framing, no form, no base URL).
 */
final class SecurityHeaders {
    static final String NOSNIFF = "X-Content-Type-Options";
    static final String CSP = "Content-Security-Policy";

    private SecurityHeaders() {}

    /** {@code response} with the headers its content type calls for. */
    static ApiResponse add(ApiResponse response) {
        ApiResponse out = response.withHeader(NOSNIFF, "nosniff");
        String type = response.headers().getOrDefault("Content-Type", "");
        if (type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            out = out.withHeader(CSP, policyFor(response.body()));
        }
        return out;
    }

    /** The policy of an HTML page: its first {@code <style>} block allowed by hash, nothing else. */
    static String policyFor(String html) {
        String style = "'none'";
        int open = html == null ? -1 : html.indexOf("<style>");
        int close = open < 0 ? -1 : html.indexOf("</style>", open);
        if (close > open) {
            String css = html.substring(open + "<style>".length(), close);
            style = "'sha256-" + Base64.getEncoder().encodeToString(sha256(css)) + "'";
        }
        return "default-src 'none'; style-src " + style + "; img-src data:; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
