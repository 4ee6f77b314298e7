package dev.imagescan.vulndb.artifact;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's string section: each distinct string once, as a varint byte length and its UTF-8 bytes, in order of
 * first use. A string is referred to by the offset of its entry.
 */
final class StringHeap {
    private final ByteSink data = new ByteSink(1 << 20);
    private final Map<String, Integer> offsets = new HashMap<>();

    /** The offset of {@code s}, added on first use. */
    int offset(String s) {
        Integer known = offsets.get(s);
        if (known != null) {
            return known;
        }
        int at = data.size();
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        data.varint(utf8.length);
        data.bytes(utf8, 0, utf8.length);
        offsets.put(s, at);
        return at;
    }

    /** Writes a nullable string reference into a record: 0 for null, else the offset plus one, as a varint. */
    void ref(ByteSink out, String s) {
        out.varint(s == null ? 0 : offset(s) + 1L);
    }

    ByteSink data() {
        return data;
    }
}
