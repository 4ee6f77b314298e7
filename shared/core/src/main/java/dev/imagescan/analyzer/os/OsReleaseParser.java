package dev.imagescan.analyzer.os;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses os-release(5) and lsb-release: {@code KEY=value} lines, values optionally in single or double quotes with
 * backslash escapes; comments and malformed lines are skipped.
 */
final class OsReleaseParser {
    private OsReleaseParser() {}

    static Map<String, String> parse(byte[] content) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : new String(content, StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z0-9_]+")) {
                continue;
            }
            values.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char q = value.charAt(0);
            if ((q == '"' || q == '\'') && value.charAt(value.length() - 1) == q) {
                value = value.substring(1, value.length() - 1);
                if (q == '"') {
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < value.length(); i++) {
                        char c = value.charAt(i);
                        if (c == '\\' && i + 1 < value.length()) {
                            c = value.charAt(++i);
                        }
                        s.append(c);
                    }
                    value = s.toString();
                }
            }
        }
        return value.strip();
    }
}
