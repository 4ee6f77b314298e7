package dev.imagescan.store.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Attribute values to and from Java values; absent and null are the same. Times are epoch milliseconds. */
final class Items {
    private Items() {}

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static AttributeValue millis(Instant value) {
        return n(value.toEpochMilli());
    }

    static AttributeValue epochSeconds(Instant value) {
        return n(value.getEpochSecond());
    }

    static AttributeValue list(List<String> values) {
        return AttributeValue.builder().l(values.stream().map(Items::s).toList()).build();
    }

    /** Puts {@code value} as a string attribute unless it is null. */
    static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    /** Puts {@code value} as epoch milliseconds unless it is null. */
    static void putMillis(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, millis(value));
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static String requiredString(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        if (value == null) {
            throw new IllegalStateException("stored item " + item.get(ScanTableSchema.PK).s() + " lacks " + name);
        }
        return value;
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    static Instant fromEpochSeconds(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochSecond(Long.parseLong(v.n()));
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }
}
