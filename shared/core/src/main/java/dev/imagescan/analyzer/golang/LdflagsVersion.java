package dev.imagescan.analyzer.golang;

import dev.imagescan.version.GoVersionComparator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The version a Go program was stamped with at link time, for a main module the Go toolchain records as
 * {@code (devel)}: {@code go build -ldflags="-X main.version=v1.0.0"} leaves the {@code -ldflags} build setting in
 * the build information, and Kubernetes tools, Helm, Trivy itself and many others release their binaries that way.
 * Read as Trivy reads it, so the two agree: among the {@code -X key=value} flags whose key ends in {@code .version}
 * or {@code .ver} (any case) and whose value is a semantic version (with or without {@code v}), those set in the
 * module's own {@code cmd/} packages first, then in a package named {@code main}, {@code common}, {@code version} or
 * {@code cmd}, then any other; the first of those groups that has any gives the version when it has exactly one.
 */
final class LdflagsVersion {
    private static final Set<String> USUAL_PACKAGES = Set.of("main", "common", "version", "cmd");

    private LdflagsVersion() {}

    /**
     * The version the {@code -ldflags} setting value {@code setting} (as the build information writes it, quoted
     * when it holds spaces) gives module {@code module}, with its {@code v}; null when it gives none or more than one.
     */
    static String of(String module, String setting) {
        List<String> words = words(unquote(setting.strip()));
        List<Set<String>> found = List.of(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String flag = null;
            if ((w.equals("-X") || w.equals("--X")) && i + 1 < words.size()) {
                flag = words.get(++i);
            } else if (w.startsWith("-X=") || w.startsWith("--X=")) {
                flag = w.substring(w.indexOf('=') + 1);
            }
            int eq = flag == null ? -1 : flag.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = flag.substring(0, eq);
            String value = flag.substring(eq + 1);
            String lower = key.toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".version") || lower.endsWith(".ver")) || value.isEmpty()
                    || !GoVersionComparator.isValid(value)) {
                continue;
            }
            String version = value.startsWith("v") ? value : "v" + value;
            String pkg = key.substring(key.lastIndexOf('/') + 1);
            pkg = pkg.substring(0, pkg.indexOf('.')).toLowerCase(Locale.ROOT);
            int group = key.startsWith(module + "/cmd/") ? 0 : USUAL_PACKAGES.contains(pkg) ? 1 : 2;
            found.get(group).add(version);
        }
        for (Set<String> versions : found) {
            if (!versions.isEmpty()) {
                return versions.size() == 1 ? versions.iterator().next() : null;
            }
        }
        return null;
    }

    /** A Go-quoted value ({@code "-w -X main.version=v1.0.0"}) without its quotes and escapes. */
    private static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The words of a command line as a POSIX shell splits them ({@code '…'} and {@code "…"} quoting). */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                if (c == '\\' && i + 1 < s.length()) {
                    c = s.charAt(++i);
                }
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
