package dev.imagescan.analyzer.ruby;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name and version of an installed gem's specification ({@code specifications/*.gemspec}, as RubyGems writes it
 * with {@code Gem::Specification#to_ruby}), read as text and never evaluated: the first {@code s.name = "…"} and
 * {@code s.version = "…"} assignments (any receiver name; a double- or single-quoted string or {@code %q} literal,
 * with or without {@code .freeze}; {@code Gem::Version.new("…")} too). The {@code # stub: name version} line
 * RubyGems writes first is the fallback.
 */
final class GemspecParser {
    private static final String LITERAL = "(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)'|%q[{<(\\[]([^}>)\\]]*)[}>)\\]])";
    private static final Pattern NAME = Pattern.compile("^\\s*\\w+\\.name\\s*=\\s*" + LITERAL, Pattern.MULTILINE);
    private static final Pattern VERSION = Pattern.compile(
            "^\\s*\\w+\\.version\\s*=\\s*(?:Gem::Version\\.new\\(\\s*)?" + LITERAL, Pattern.MULTILINE);
    private static final Pattern STUB = Pattern.compile("^# stub: (\\S+) (\\S+)", Pattern.MULTILINE);

    private GemspecParser() {}

    /** A gem's identity. */
    record Gem(String name, String version) {}

    /** The gem a specification describes; empty when it names no name and version. */
    static Optional<Gem> parse(String text) {
        String name = literal(NAME.matcher(text));
        String version = literal(VERSION.matcher(text));
        if (name == null || version == null) {
            Matcher stub = STUB.matcher(text);
            if (stub.find()) {
                name = name == null ? stub.group(1) : name;
                version = version == null ? stub.group(2) : version;
            }
        }
        if (name == null || version == null || name.isBlank() || version.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Gem(name.strip(), version.strip()));
    }

    private static String literal(Matcher m) {
        if (!m.find()) {
            return null;
        }
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return null;
    }
}
