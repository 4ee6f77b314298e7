package dev.imagescan.analyzer.apk;

import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.PackageType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads apk's installed database ({@code /lib/apk/db/installed}): one block of {@code X:value} lines per package,
 * blocks separated by a blank line. Reads {@code P} (name), {@code V} (version), {@code A} (arch) and {@code o}
 * (origin, the source package; same version).
 */
public final class ApkInstalledParser {
    private ApkInstalledParser() {}

    public static List<InstalledPackage> parse(byte[] content, String file, List<String> problems) {
        List<InstalledPackage> packages = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        Block block = new Block();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                block.finish(packages, file, problems);
                block = new Block();
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') {
                problems.add(file + " line " + lineNo + ": not an 'X:value' line; ignored");
                continue;
            }
            if (block.startLine == 0) {
                block.startLine = lineNo;
            }
            String value = line.substring(2).trim();
            switch (line.charAt(0)) {
                case 'P' -> block.name = value;
                case 'V' -> block.version = value;
                case 'A' -> block.arch = value;
                case 'o' -> block.origin = value;
                default -> { }
            }
        }
        block.finish(packages, file, problems);
        return packages;
    }

    private static final class Block {
        int startLine;
        String name;
        String version;
        String arch;
        String origin;

        void finish(List<InstalledPackage> out, String file, List<String> problems) {
            if (startLine == 0) {
                return;
            }
            if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
                problems.add(file + " line " + startLine + ": a package without P: or V:; ignored");
                return;
            }
            String source = origin == null || origin.isEmpty() ? name : origin;
            out.add(new InstalledPackage(PackageType.APK, name, version, arch, source, version, null));
        }
    }
}
