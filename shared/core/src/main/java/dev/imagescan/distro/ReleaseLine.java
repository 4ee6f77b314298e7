package dev.imagescan.distro;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the first line of a Red Hat style release file starts for one os-release ID
 * ({@code CentOS Linux release 7.9.2009 (Core)}, {@code Oracle Linux Server release 7.9}), and where its version is:
 * the word after {@code release}, unless the family's own pattern (tried first) finds one.
 *
 * @param prefix  the line's first words, lower case ({@code oracle linux}); matched ignoring case
 * @param id      the os-release ID such a line stands for
 * @param version a pattern whose group 1 is the version, tried before the usual one; null when the usual one does
 */
public record ReleaseLine(String prefix, String id, Pattern version) {
    private static final Pattern RELEASE = Pattern.compile("\\brelease\\s+([0-9][0-9A-Za-z._-]*)");

    /** A line whose version is the word after {@code release}. */
    public static ReleaseLine of(String prefix, String id) {
        return new ReleaseLine(prefix, id, null);
    }

    /** Whether {@code line} is one of these. */
    public boolean names(String line) {
        return line.toLowerCase(Locale.ROOT).startsWith(prefix);
    }

    /** The version {@code line} states; null when it states none. */
    public String versionIn(String line) {
        if (version != null) {
            Matcher own = version.matcher(line);
            if (own.find()) {
                return own.group(1);
            }
        }
        Matcher release = RELEASE.matcher(line);
        return release.find() ? release.group(1) : null;
    }
}
