package dev.imagescan.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:4f5e…}. Only sha256 and sha512 with lower-case hex of the right
 * length are accepted, so a digest can safely name a file under {@code blobs/}.
 */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new ImageFormatException("invalid digest '" + algorithm + ":" + shorten(hex) + "'");
        }
    }

    /** Parses {@code algorithm:hex}; a malformed or unsupported digest is an {@link ImageFormatException}. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new ImageFormatException("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ImageFormatException("invalid digest '" + shorten(text) + "'");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The SHA-256 digest of {@code data}. */
    public static Digest sha256Of(byte[] data) {
        return sha256(newHasher("sha256").digest(data));
    }

    /** The SHA-256 digest of {@code text} in UTF-8. */
    public static Digest sha256Of(String text) {
        return sha256Of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A digest from a SHA-256 hash already computed. */
    public static Digest sha256(byte[] hash) {
        return new Digest("sha256", HexFormat.of().formatHex(hash));
    }

    public static Digest of(String algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return newHasher(algorithm);
    }

    public static MessageDigest newHasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** {@code sha256:} and the first 12 hex digits, for messages. */
    public String shortForm() {
        return algorithm + ":" + hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    /**
     * Written out, not the record's generated one: that is bootstrapped through {@code ObjectMethods} on first use,
     * which costs a short CLI run milliseconds (docs/cli.md#fast-start).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
