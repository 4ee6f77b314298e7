package dev.imagescan.suppress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the small documents of this package: size-capped bytes, and typed access to parsed JSON/YAML values. */
final class Documents {
    private Documents() {}

    /** The bytes of {@code file}, refusing more than {@code max}. */
    static byte[] read(Path file, String name, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new SuppressionFormatException(name, "larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    /** {@code value} as an object, else a failure naming {@code at}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String file, String at) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new SuppressionFormatException(file, at + ": expected an object");
    }

    /** {@code value} as a list (null: empty), else a failure naming {@code at}. */
    static List<Object> list(Object value, String file, String at) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new SuppressionFormatException(file, at + ": expected a list");
    }

    /** {@code value} as a string (null stays null), else a failure naming {@code at}. */
    static String string(Object value, String file, String at) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new SuppressionFormatException(file, at + ": expected a string");
    }

    /** A list of strings (one string counts as a list of one). */
    static List<String> strings(Object value, String file, String at) {
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        List<Object> list = list(value, file, at);
        for (int i = 0; i < list.size(); i++) {
            out.add(string(list.get(i), file, at + "[" + i + "]"));
        }
        return out;
    }

    /** An RFC 3339 time (null stays null). */
    static Instant time(Object value, String file, String at) {
        String s = string(value, file, at);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new SuppressionFormatException(file, at + ": '" + s + "' is not an RFC 3339 time");
        }
    }
}
