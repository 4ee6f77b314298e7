package dev.imagescan.suppress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an ignore file ({@code .imagescanignore}, docs/cli.md#ignore-file) in either of two forms:
 * <ul>
 *   <li>YAML, the layout of Trivy's {@code .trivyignore.yaml}: a {@code vulnerabilities} list whose entries have an
 *       {@code id} and optionally {@code purls}, {@code packages}, {@code paths}, {@code expired_at} (a date) and
 *       {@code statement} (or {@code reason});</li>
 *   <li>lines, the layout of Trivy's {@code .trivyignore}: one id per line, optionally followed by
 *       {@code exp:YYYY-MM-DD}, with {@code #} starting a comment (a comment after the id is its reason).</li>
 * </ul>
 * A file whose first significant line is a {@code key:} is YAML. Unknown keys, a missing id or a bad date are errors
 * naming the entry; the file may be at most 1 MiB.
 */
public final class IgnoreFileParser {
    /** The most bytes an ignore file may have. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Pattern YAML_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]*:(\\s.*)?$");
    private static final Pattern LINE = Pattern.compile("^(\\S+)(?:\\s+exp:(\\S+))?\\s*(?:#\\s*(.*))?$");
    private static final Set<String> ENTRY_KEYS = Set.of("id", "purls", "packages", "paths", "expired_at",
            "statement", "reason");

    private IgnoreFileParser() {}

    /** The rules of {@code file}, named {@code name} in messages. */
    public static List<IgnoreRule> read(Path file, String name) throws IOException {
        return parse(new String(Documents.read(file, name, MAX_BYTES), StandardCharsets.UTF_8), name);
    }

    /** The rules of an ignore file's text. */
    public static List<IgnoreRule> parse(String text, String name) {
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.equals("---")) {
                continue;
            }
            return YAML_KEY.matcher(l).matches() ? yaml(text, name) : lines(text, name);
        }
        return List.of();
    }

    private static List<IgnoreRule> lines(String text, String name) {
        List<IgnoreRule> rules = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String where = name + ":" + (i + 1);
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                throw new SuppressionFormatException(where, "expected 'ID [exp:YYYY-MM-DD] [# reason]', found '"
                        + l + "'");
            }
            rules.add(new IgnoreRule(m.group(1), List.of(), List.of(), List.of(),
                    m.group(2) == null ? null : date(m.group(2), where), m.group(3), name, where));
        }
        return rules;
    }

    private static List<IgnoreRule> yaml(String text, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(20);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new SuppressionFormatException(name, "not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse("?"));
        }
        Map<String, Object> root = Documents.object(doc, name, "the document");
        for (String key : root.keySet()) {
            if (!key.equals("vulnerabilities")) {
                throw new SuppressionFormatException(name, "unknown key '" + key + "' (only 'vulnerabilities' is"
                        + " read)");
            }
        }
        List<Object> entries = Documents.list(root.get("vulnerabilities"), name, "vulnerabilities");
        List<IgnoreRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "vulnerabilities[" + i + "]";
            Map<String, Object> e = Documents.object(entries.get(i), name, at);
            for (String key : e.keySet()) {
                if (!ENTRY_KEYS.contains(String.valueOf(key))) {
                    throw new SuppressionFormatException(name, at + ": unknown key '" + key + "' (known: id, purls,"
                            + " packages, paths, expired_at, statement, reason)");
                }
            }
            Object rawId = e.get("id");
            String id = rawId == null ? null : String.valueOf(rawId).strip();
            if (id == null || id.isEmpty()) {
                throw new SuppressionFormatException(name, at + ": missing id");
            }
            String statement = Documents.string(e.get("statement"), name, at + ".statement");
            if (statement == null) {
                statement = Documents.string(e.get("reason"), name, at + ".reason");
            }
            List<String> purls = Documents.strings(e.get("purls"), name, at + ".purls");
            for (String purl : purls) {
                if (PurlPattern.parse(purl) == null) {
                    throw new SuppressionFormatException(name, at + ".purls: '" + purl + "' is not a package URL");
                }
            }
            rules.add(new IgnoreRule(id, purls,
                    Documents.strings(e.get("packages"), name, at + ".packages"),
                    Documents.strings(e.get("paths"), name, at + ".paths"),
                    expiry(e.get("expired_at"), name + ": " + at + ".expired_at"), statement, name,
                    name + ": " + at));
        }
        return rules;
    }

    private static LocalDate expiry(Object value, String where) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date d) {
            return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        return date(String.valueOf(value), where);
    }

    private static LocalDate date(String value, String where) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new SuppressionFormatException(where, "'" + value + "' is not a date such as 2025-12-31");
        }
    }
}
