package dev.imagescan.vulndb.ubuntu;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The release names of the Ubuntu CVE tracker's status lines ({@code <release>_<package>: <status>}) and the
 * ecosystems their entries go to. A release from 12.04 (precise) on is {@code Ubuntu:<version>:tracker}; the ESM
 * pockets ({@code precise/esm}, {@code trusty/esm}, {@code esm-infra/<codename>}, {@code esm-apps/<codename>},
 * {@code esm-infra-legacy/<codename>}) are {@code Ubuntu:Pro:<version>:tracker}, what an image with Ubuntu Pro (ESM)
 * enabled gets. Releases before 12.04, {@code upstream}, {@code devel}, {@code snap}, the phone and core overlays and
 * the FIPS, realtime and ROS pockets (kernels and builds of their own, not the archive's packages) give no entry.
 */
final class TrackerReleases {
    /** What an ecosystem name of the tracker's data ends with. */
    static final String SUFFIX = ":tracker";

    /** Code names of the releases from 12.04 on, as the tracker writes them, with their version. */
    private static final Map<String, String> VERSIONS = Map.ofEntries(
            Map.entry("precise", "12.04"), Map.entry("quantal", "12.10"), Map.entry("raring", "13.04"),
            Map.entry("saucy", "13.10"), Map.entry("trusty", "14.04"), Map.entry("utopic", "14.10"),
            Map.entry("vivid", "15.04"), Map.entry("wily", "15.10"), Map.entry("xenial", "16.04"),
            Map.entry("yakkety", "16.10"), Map.entry("zesty", "17.04"), Map.entry("artful", "17.10"),
            Map.entry("bionic", "18.04"), Map.entry("cosmic", "18.10"), Map.entry("disco", "19.04"),
            Map.entry("eoan", "19.10"), Map.entry("focal", "20.04"), Map.entry("groovy", "20.10"),
            Map.entry("hirsute", "21.04"), Map.entry("impish", "21.10"), Map.entry("jammy", "22.04"),
            Map.entry("kinetic", "22.10"), Map.entry("lunar", "23.04"), Map.entry("mantic", "23.10"),
            Map.entry("noble", "24.04"), Map.entry("oracular", "24.10"), Map.entry("plucky", "25.04"),
            Map.entry("questing", "25.10"), Map.entry("resolute", "26.04"));

    /** Releases before 12.04 and names that are no release: their lines are skipped without a word. */
    private static final Set<String> NOT_COVERED = Set.of("warty", "hoary", "breezy", "dapper", "edgy", "feisty",
            "gutsy", "hardy", "intrepid", "jaunty", "karmic", "lucid", "maverick", "natty", "oneiric", "upstream",
            "devel", "snap", "product", "sid", "PKG");

    /** ESM pockets: their lines are the release's under Ubuntu Pro. */
    private static final Set<String> ESM_PREFIXES = Set.of("esm-infra/", "esm-apps/", "esm-infra-legacy/");

    /** Other pockets (kernels and builds of their own): skipped without a word. */
    private static final Set<String> OTHER_PREFIXES = Set.of("fips/", "fips-updates/", "fips-preview/",
            "ros-esm/", "realtime/", "bluefield/", "ubuntu-core/", "esm-apps-legacy/", "stable-phone-overlay/");

    private TrackerReleases() {}

    /** Where a status line's entry goes. */
    enum Kind {
        /** The release's own archive: {@code Ubuntu:<version>:tracker}. */
        PLAIN,
        /** Its ESM pocket: {@code Ubuntu:Pro:<version>:tracker}. */
        PRO,
        /** Not a release this source reads (older, upstream, devel, a FIPS or overlay pocket): no entry. */
        SKIPPED,
        /** A name the tracker did not use when this was written (a newer release?): no entry, and a warning. */
        UNKNOWN
    }

    /** A status line's release: where its entry goes, and the release's version ({@code 14.04}) when it has one. */
    record Release(Kind kind, String version) {
        /** The ecosystem of the entry: {@code Ubuntu:14.04:tracker}, {@code Ubuntu:Pro:14.04:tracker}. */
        String ecosystem() {
            return kind == Kind.PRO ? pro(version) : plain(version);
        }
    }

    /** The ecosystem of a release's own archive in the tracker's data: {@code Ubuntu:14.04:tracker}. */
    static String plain(String version) {
        return "Ubuntu:" + version + SUFFIX;
    }

    /** The ecosystem of a release's ESM pocket in the tracker's data: {@code Ubuntu:Pro:14.04:tracker}. */
    static String pro(String version) {
        return "Ubuntu:Pro:" + version + SUFFIX;
    }

    /** The release a status line names ({@code trusty}, {@code trusty/esm}, {@code esm-infra/xenial}, …). */
    static Release of(String name) {
        String version = VERSIONS.get(name);
        if (version != null) {
            return new Release(Kind.PLAIN, version);
        }
        if (NOT_COVERED.contains(name)) {
            return new Release(Kind.SKIPPED, null);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            String head = name.substring(0, slash + 1);
            String tail = name.substring(slash + 1);
            if (tail.equals("esm")) { // precise/esm, trusty/esm
                return Optional.ofNullable(VERSIONS.get(name.substring(0, slash)))
                        .map(v -> new Release(Kind.PRO, v)).orElse(new Release(Kind.SKIPPED, null));
            }
            if (ESM_PREFIXES.contains(head)) {
                return VERSIONS.containsKey(tail) ? new Release(Kind.PRO, VERSIONS.get(tail))
                        : new Release(Kind.UNKNOWN, null);
            }
            if (OTHER_PREFIXES.contains(head)
                    || OTHER_PREFIXES.contains(tail + "/") || VERSIONS.containsKey(name.substring(0, slash))
                    || NOT_COVERED.contains(name.substring(0, slash))) {
                return new Release(Kind.SKIPPED, null); // vivid/ubuntu-core, fips/xenial, …
            }
        }
        return new Release(Kind.UNKNOWN, null);
    }
}
