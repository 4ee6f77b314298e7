package dev.imagescan.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Ubuntu Pro's ESM pockets ({@code Ubuntu:Pro:14.04:LTS} from Canonical's OSV, {@code Ubuntu:Pro:14.04:tracker} from
 * the Ubuntu CVE tracker): for an image with ESM, what such a pocket says of a vulnerability of a package replaces what
 * the release's own ecosystem says of it, fixed or not, because the ESM build replaces the archive's (the release's
 * entry says "out of support" where the pocket has the fix). A vulnerability the pocket does not name keeps the
 * release's entries.
 */
final class EsmPockets {
    private EsmPockets() {}

    /** Whether {@code ecosystem} is an ESM pocket whose entries supersede the release's. */
    static boolean supersedes(String ecosystem) {
        return ecosystem.startsWith("Ubuntu:Pro:");
    }

    /** {@code ecosystems} with the ESM pockets first, each group in its order. */
    static List<String> first(List<String> ecosystems) {
        List<String> ordered = new ArrayList<>(ecosystems.size());
        for (String e : ecosystems) {
            if (supersedes(e)) {
                ordered.add(e);
            }
        }
        for (String e : ecosystems) {
            if (!supersedes(e)) {
                ordered.add(e);
            }
        }
        return ordered;
    }
}
