package dev.imagescan.inventory;

import java.util.List;

/**
 * The distribution an image is built on.
 *
 * @param family          the os-release {@code ID}: debian, ubuntu, alpine, rhel, centos, ol, rocky, almalinux, amzn,
 *                        fedora, sles, opensuse-leap, mariner …; {@code unknown} when nothing says
 * @param version         as precise as the image says: {@code 12.7} from debian_version, {@code 7.9.2009} from
 *                        centos-release
 * @param name            a human name (os-release PRETTY_NAME or the release file's line)
 * @param distroless      whether the image is a distroless one (a package database but no package manager or shell)
 * @param source          the file the family was read from, e.g. {@code /etc/os-release}; null when unknown
 * @param extendedSupport whether the image gets the distribution's extended security maintenance beyond its standard
 *                        support (Ubuntu Pro's ESM: {@code esm-infra}, {@code esm-apps}), so that the advisories of
 *                        those pockets apply to it
 * @param contentSets     the Red Hat repositories (content sets) the image's content manifests
 *                        ({@code /root/buildinfo/content_manifests/*.json}) say its packages came from, in the order
 *                        read, each once: which product streams' advisories apply to it; empty when it has none
 * @param contentSetsByLayer the same, layer by layer (the layers with a manifest, in order): a package gets the
 *                        content sets of the layer that installed it ({@link LayerContentSets}); empty when the
 *                        image has none or the source does not say (an inventory written before they were
 *                        recorded: then {@code contentSets} apply to every package)
 */
public record OperatingSystem(String family, String version, String name, boolean distroless, String source,
        boolean extendedSupport, List<String> contentSets, List<LayerContentSets> contentSetsByLayer) {
    public static final String UNKNOWN_FAMILY = "unknown";

    public OperatingSystem {
        contentSets = contentSets == null ? List.of() : List.copyOf(contentSets);
        contentSetsByLayer = contentSetsByLayer == null ? List.of() : List.copyOf(contentSetsByLayer);
    }

    /** An OS with content sets for the whole image only. */
    public OperatingSystem(String family, String version, String name, boolean distroless, String source,
            boolean extendedSupport, List<String> contentSets) {
        this(family, version, name, distroless, source, extendedSupport, contentSets, List.of());
    }

    /** An OS without extended security maintenance or content sets. */
    public OperatingSystem(String family, String version, String name, boolean distroless, String source) {
        this(family, version, name, distroless, source, false, List.of());
    }

    /** An OS with or without extended security maintenance, without content sets. */
    public OperatingSystem(String family, String version, String name, boolean distroless, String source,
            boolean extendedSupport) {
        this(family, version, name, distroless, source, extendedSupport, List.of());
    }

    /** An OS without extended security maintenance, with content sets. */
    public OperatingSystem(String family, String version, String name, boolean distroless, String source,
            List<String> contentSets) {
        this(family, version, name, distroless, source, false, contentSets);
    }

    /** The same OS with {@code sets} as its content sets (for the whole image only). */
    public OperatingSystem withContentSets(List<String> sets) {
        return new OperatingSystem(family, version, name, distroless, source, extendedSupport, sets, List.of());
    }

    /** The same OS with {@code sets} as its content sets, {@code byLayer} as the layers name them. */
    public OperatingSystem withContentSets(List<String> sets, List<LayerContentSets> byLayer) {
        return new OperatingSystem(family, version, name, distroless, source, extendedSupport, sets, byLayer);
    }

    public static OperatingSystem unknown() {
        return new OperatingSystem(UNKNOWN_FAMILY, null, null, false, null);
    }

    public boolean isKnown() {
        return !UNKNOWN_FAMILY.equals(family);
    }

    /** The same OS, with or without extended security maintenance. */
    public OperatingSystem withExtendedSupport(boolean extended) {
        return new OperatingSystem(family, version, name, distroless, source, extended, contentSets,
                contentSetsByLayer);
    }

    /** {@code debian 12.7}, {@code debian 12 (distroless)}, {@code ubuntu 14.04 (extended support)}, {@code unknown}. */
    public String describe() {
        StringBuilder s = new StringBuilder(family);
        if (version != null) {
            s.append(' ').append(version);
        }
        if (distroless) {
            s.append(" (distroless)");
        }
        if (extendedSupport) {
            s.append(" (extended support)");
        }
        return s.toString();
    }
}
