package dev.imagescan.analyzer.os;

import dev.imagescan.distro.Distributions;
import dev.imagescan.distro.ReleaseFile;
import dev.imagescan.distro.ReleaseLine;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Reads what a distribution's release file ({@link ReleaseFile}) states: a family, a version, a human name. */
final class ReleaseFileReader {
    private ReleaseFileReader() {}

    /** The family and version {@code content} of {@code file} states, or null when it states none we recognise. */
    static Detected read(ReleaseFile file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).strip();
        String firstLine = text.lines().findFirst().orElse("").strip();
        return switch (file.format()) {
            case VERSION -> file.version().matcher(firstLine).matches() ? new Detected(file.id(), firstLine, null) : null;
            case LSB -> {
                Map<String, String> values = OsReleaseParser.parse(content);
                String id = values.get("DISTRIB_ID");
                yield id == null ? null : new Detected(id.toLowerCase(Locale.ROOT), values.get("DISTRIB_RELEASE"),
                        values.get("DISTRIB_DESCRIPTION"));
            }
            case RELEASE_LINE -> releaseLine(firstLine);
        };
    }

    /** The first registered {@link ReleaseLine} the line is one of decides the family. */
    private static Detected releaseLine(String line) {
        for (ReleaseLine l : Distributions.releaseLines()) {
            if (l.names(line)) {
                return new Detected(l.id(), l.versionIn(line), line);
            }
        }
        return null;
    }

    /** What one file says. */
    record Detected(String family, String version, String name) {}
}
