package dev.imagescan.image.json;

import dev.imagescan.image.ImageFormatException;
import java.util.List;
import java.util.Map;

/** Typed reads from parsed JSON objects; a value of the wrong type is an {@link ImageFormatException} naming it. */
final class JsonMaps {
    private JsonMaps() {}

    static String string(Map<String, Object> object, String key, String what) {
        Object value = object.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(what, key, "a string");
    }

    static Long number(Map<String, Object> object, String key, String what) {
        Object value = object.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        throw wrongType(what, key, "an integer");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String key, String what) {
        Object value = object.get(key);
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw wrongType(what, key, "an object");
    }

    static List<?> list(Map<String, Object> object, String key, String what) {
        Object value = object.get(key);
        if (value == null || value instanceof List) {
            return (List<?>) value;
        }
        throw wrongType(what, key, "an array");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value, String what) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new ImageFormatException(what + " is not a JSON object");
    }

    private static ImageFormatException wrongType(String what, String key, String expected) {
        return new ImageFormatException(what + ": '" + key + "' is not " + expected);
    }
}
