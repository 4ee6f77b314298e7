package dev.imagescan.analyzer.dpkg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a Debian control-style file (dpkg's status database) into stanzas of fields. Field names are case-insensitive
 * (kept lower-case); continuation lines (starting with a space or tab) belong to the field above and are dropped,
 * as no field the scanner reads spans lines.
 */
final class ControlStanzas {

    /** One stanza and the line it starts on. */
    record Stanza(int line, Map<String, String> fields) {
        String get(String field) {
            return fields.get(field);
        }
    }

    private ControlStanzas() {}

    static List<Stanza> parse(byte[] content, String file, List<String> problems) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<Stanza> stanzas = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        int lineNo = 0;
        int stanzaLine = 1;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lineNo++;
            String line = text.substring(start, end);
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    stanzas.add(new Stanza(stanzaLine, fields));
                    fields = new LinkedHashMap<>();
                }
                stanzaLine = lineNo + 1;
                continue;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t' || first == '#') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add(file + " line " + lineNo + ": not a 'Field: value' line; ignored");
                continue;
            }
            fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        if (!fields.isEmpty()) {
            stanzas.add(new Stanza(stanzaLine, fields));
        }
        return stanzas;
    }
}
