package dev.imagescan.analyzer.dpkg;

import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads dpkg's status database ({@code /var/lib/dpkg/status}, or one file of distroless {@code status.d/}) into
 * installed packages.
 *
 * <p>A package counts as installed when its files are on disk: the third word of {@code Status} is
 * {@code installed}, {@code half-configured}, {@code unpacked}, {@code triggers-awaited} or {@code triggers-pending}.
 * {@code not-installed}, {@code config-files} (removed, configuration kept) and {@code half-installed} do not count. A
 * stanza without {@code Status} (distroless writes none) counts as installed.
 */
public final class DpkgStatusParser {
    private static final Set<String> ON_DISK = Set.of(
            "installed", "half-configured", "unpacked", "triggers-awaited", "triggers-pending");

    private DpkgStatusParser() {}

    /** The installed packages in {@code content}; problems (stanzas without name or version) go to {@code problems}. */
    public static List<InstalledPackage> parse(byte[] content, String file, List<String> problems) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (ControlStanzas.Stanza stanza : ControlStanzas.parse(content, file, problems)) {
            String name = stanza.get("package");
            String version = stanza.get("version");
            if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
                problems.add(file + " line " + stanza.line() + ": a stanza without Package or Version; ignored");
                continue;
            }
            if (!isOnDisk(stanza.get("status"))) {
                continue;
            }
            String[] source = source(stanza.get("source"), name, version);
            packages.add(new InstalledPackage(PackageType.DEB, name, version, stanza.get("architecture"),
                    source[0], source[1], null));
        }
        return packages;
    }

    static boolean isOnDisk(String status) {
        if (status == null) {
            return true;
        }
        String[] words = status.trim().split("\\s+");
        return words.length == 3 && ON_DISK.contains(words[2]);
    }

    /** {@code Source: name} or {@code Source: name (version)}; absent means the binary package's own name and version. */
    static String[] source(String field, String name, String version) {
        if (field == null || field.isBlank()) {
            return new String[] {name, version};
        }
        String value = field.trim();
        int paren = value.indexOf('(');
        if (paren < 0) {
            return new String[] {value, version};
        }
        String sourceName = value.substring(0, paren).trim();
        int close = value.indexOf(')', paren);
        String sourceVersion = value.substring(paren + 1, close < 0 ? value.length() : close).trim();
        return new String[] {
            sourceName.isEmpty() ? name : sourceName, sourceVersion.isEmpty() ? version : sourceVersion
        };
    }
}
