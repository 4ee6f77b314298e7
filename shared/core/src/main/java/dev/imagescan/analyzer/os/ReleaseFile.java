package dev.imagescan.analyzer.os;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution-specific release files older images have instead of (or beside) os-release, in the order they
 * are trusted: Oracle ships a Red Hat-worded {@code redhat-release}, and {@code system-release} is a link to the
 * distribution's own file on Red Hat relatives, so the specific files come first.
 */
enum ReleaseFile {
    ORACLE("etc/oracle-release"),
    ORACLE_5("etc/enterprise-release"),
    CENTOS("etc/centos-release"),
    ROCKY("etc/rocky-release"),
    ALMA("etc/almalinux-release"),
    FEDORA("etc/fedora-release"),
    SYSTEM("etc/system-release"),
    REDHAT("etc/redhat-release"),
    ALPINE("etc/alpine-release"),
    LSB("etc/lsb-release"),
    DEBIAN("etc/debian_version");

    private static final Pattern RELEASE = Pattern.compile("\\brelease\\s+([0-9][0-9A-Za-z._-]*)");
    private static final Pattern AMAZON = Pattern.compile("^Amazon Linux(?: AMI)? release\\s+([0-9][0-9A-Za-z._-]*)");
    private static final Pattern STREAM = Pattern.compile("^CentOS Stream release\\s+([0-9]+)");
    /** First words of a release line, and the os-release ID they stand for; the first match wins. */
    private static final List<Map.Entry<String, String>> LINE_FAMILIES = List.of(
            Map.entry("oracle linux", "ol"),
            Map.entry("enterprise linux enterprise linux", "ol"),
            Map.entry("centos", "centos"),
            Map.entry("rocky linux", "rocky"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("fedora", "fedora"),
            Map.entry("amazon linux", "amzn"),
            Map.entry("red hat enterprise linux", "rhel"));

    final String path;

    ReleaseFile(String path) {
        this.path = path;
    }

    /** The family and version this file states, or null when it states none we recognise. */
    Detected read(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).strip();
        String firstLine = text.lines().findFirst().orElse("").strip();
        return switch (this) {
            case ALPINE -> firstLine.matches("[0-9][0-9A-Za-z._-]*") ? new Detected("alpine", firstLine, null) : null;
            case DEBIAN -> firstLine.isEmpty() ? null : new Detected("debian", firstLine, null);
            case LSB -> {
                Map<String, String> values = OsReleaseParser.parse(content);
                String id = values.get("DISTRIB_ID");
                yield id == null ? null
                        : new Detected(id.toLowerCase(Locale.ROOT), values.get("DISTRIB_RELEASE"), values.get("DISTRIB_DESCRIPTION"));
            }
            default -> releaseLine(firstLine);
        };
    }

    private static Detected releaseLine(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        String family = null;
        for (Map.Entry<String, String> e : LINE_FAMILIES) {
            if (lower.startsWith(e.getKey())) {
                family = e.getValue();
                break;
            }
        }
        if (family == null) {
            return null;
        }
        Matcher amazon = AMAZON.matcher(line);
        Matcher stream = STREAM.matcher(line);
        Matcher release = RELEASE.matcher(line);
        String version = amazon.find() ? amazon.group(1)
                : stream.find() ? stream.group(1)
                : release.find() ? release.group(1) : null;
        return new Detected(family, version, line);
    }

    /** What one file says. */
    record Detected(String family, String version, String name) {}
}
