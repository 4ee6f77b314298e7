package dev.imagescan.vulndb;

import java.util.Objects;

/** One event of an OSV range; {@code version} is {@code "0"} for "introduced at the beginning". */
public record RangeEvent(Type type, String version) {
    public enum Type { INTRODUCED, FIXED, LAST_AFFECTED, LIMIT }

    public RangeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(version, "version");
    }

    public static RangeEvent introduced(String v) { return new RangeEvent(Type.INTRODUCED, v); }
    public static RangeEvent fixed(String v) { return new RangeEvent(Type.FIXED, v); }
    public static RangeEvent lastAffected(String v) { return new RangeEvent(Type.LAST_AFFECTED, v); }
    public static RangeEvent limit(String v) { return new RangeEvent(Type.LIMIT, v); }
}
