package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One object of a JSON document the scanner wrote, read with jackson-jr into maps, and where it sits in the document
 * ({@code findings[3].package}). Its getters check each value's type; anything unexpected is an
 * {@link IllegalArgumentException} naming the path of the bad value ({@code findings[3].package.name: missing}).
 * Fields it is not asked for are ignored: the documents only ever add fields.
 */
final class JsonObject {
    /** How deep objects and arrays may nest: the documents need 6 levels; more is not one of them. */
    static final int MAX_DEPTH = 32;
    private static final JSON PARSER = JSON.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build()).build();

    private final Map<String, Object> map;
    private final String path;

    private JsonObject(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    /**
     * The top-level object of the document in {@code in} (not closed), at most {@code maxBytes} long.
     *
     * @param what the kind of document, for messages ({@code inventory}, {@code report})
     * @throws IOException when the document is too large, is not JSON, nests too deeply, or is not an object
     */
    static JsonObject parse(InputStream in, int maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IOException("a JSON " + what + " document is at most " + maxBytes + " bytes");
        }
        Object doc;
        try {
            doc = PARSER.anyFrom(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a JSON " + what + " document: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?>)) {
            throw new IOException("not a JSON " + what + " document: " + (doc == null ? "empty" : "not an object"));
        }
        return new JsonObject(cast(doc), "");
    }

    /** Whether the field is there (possibly {@code null}). */
    boolean has(String field) {
        return map.containsKey(field);
    }

    /** The raw value of a field that must be there, possibly {@code null}. */
    Object value(String field) {
        if (!map.containsKey(field)) {
            throw new IllegalArgumentException("missing field '" + path(field) + "'");
        }
        return map.get(field);
    }

    /** A string or {@code null}. */
    String string(String field) {
        Object o = value(field);
        if (o != null && !(o instanceof String)) {
            throw bad(field, "expected a string, found " + kind(o));
        }
        return (String) o;
    }

    /** A string that is not {@code null}. */
    String requiredString(String field) {
        return notNull(field, string(field));
    }

    /** A string, or {@code null} when it is null or absent (a field added to the format later). */
    String optionalString(String field) {
        return has(field) ? string(field) : null;
    }

    boolean bool(String field) {
        Object o = value(field);
        if (!(o instanceof Boolean b)) {
            throw bad(field, "expected true or false, found " + kind(o));
        }
        return b;
    }

    /** A whole number or {@code null}. */
    Long optionalLong(String field) {
        Object o = value(field);
        if (o == null) {
            return null;
        }
        if (!(o instanceof Integer || o instanceof Long || o instanceof Short)) {
            throw bad(field, "expected a whole number, found " + kind(o));
        }
        return ((Number) o).longValue();
    }

    long longValue(String field) {
        return notNull(field, optionalLong(field));
    }

    int intValue(String field) {
        long n = longValue(field);
        if (n != (int) n) {
            throw bad(field, n + " is out of range");
        }
        return (int) n;
    }

    /** Any number (a CVSS score, say). */
    double number(String field) {
        Object o = value(field);
        if (!(o instanceof Number n)) {
            throw bad(field, "expected a number, found " + kind(o));
        }
        return n.doubleValue();
    }

    /** An object that is not {@code null}. */
    JsonObject object(String field) {
        return notNull(field, optionalObject(field));
    }

    /** An object or {@code null}; {@code null} also when the field is absent. */
    JsonObject optionalObject(String field) {
        Object o = map.get(field);
        if (o == null) {
            return null;
        }
        if (!(o instanceof Map<?, ?>)) {
            throw bad(field, "expected an object, found " + kind(o));
        }
        return new JsonObject(cast(o), path(field));
    }

    /** An array of objects. */
    List<JsonObject> objects(String field) {
        List<?> list = list(field);
        List<JsonObject> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (!(o instanceof Map<?, ?>)) {
                throw bad(field + "[" + i + "]", "expected an object, found " + kind(o));
            }
            out.add(new JsonObject(cast(o), path(field) + "[" + i + "]"));
        }
        return out;
    }

    /** An array of strings (none {@code null}). */
    List<String> strings(String field) {
        List<?> list = list(field);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw bad(field + "[" + i + "]", "expected a string, found " + kind(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** The names of the fields, in document order. */
    Iterable<String> fields() {
        return map.keySet();
    }

    /** The failure of {@code field}'s value: {@code path.field: message}. */
    IllegalArgumentException bad(String field, String message) {
        return new IllegalArgumentException(path(field) + ": " + message);
    }

    private List<?> list(String field) {
        Object o = value(field);
        if (!(o instanceof List<?> l)) {
            throw bad(field, "expected an array, found " + kind(o));
        }
        return l;
    }

    private <T> T notNull(String field, T value) {
        if (value == null) {
            throw bad(field, "must not be null");
        }
        return value;
    }

    private String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String kind(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map<?, ?>) {
            return "an object";
        }
        if (o instanceof List<?>) {
            return "an array";
        }
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof Boolean) {
            return "a boolean";
        }
        return "a string";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
