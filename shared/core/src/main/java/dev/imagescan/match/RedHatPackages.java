package dev.imagescan.match;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.util.ArrayList;
import java.util.List;

/**
 * The names Red Hat's advisories may file an installed rpm under, besides its own: a package built in a module
 * stream (rpm header {@code MODULARITYLABEL} {@code nodejs:18:8090020231019152822:a75119d5}) as
 * {@code nodejs:18::npm} — the module stream's own fixes, as Trivy keys them — and a package whose VEX entry names
 * only its source rpm (Red Hat's older VEX files list unfixed packages by source, {@code pkg:rpm/redhat/vim?arch=src})
 * by its source package's name.
 */
final class RedHatPackages {
    /** Where Red Hat's advisories are: {@code Red Hat:enterprise_linux:9::baseos}, … */
    static final String ECOSYSTEM_PREFIX = "Red Hat:";

    private RedHatPackages() {}

    /**
     * Every name to ask Red Hat's ecosystems for {@code p}: its name, its module stream name when it has a
     * modularity label, and its source package's name when that differs; empty for anything but an rpm package.
     */
    static List<String> alsoAsked(Package p) {
        if (p.type() != PackageType.RPM) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        names.add(p.name());
        String label = p.rpm() == null ? null : p.rpm().modularityLabel();
        String[] parts = label == null ? new String[0] : label.split(":", -1);
        if (parts.length >= 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            names.add(parts[0] + ":" + parts[1] + "::" + p.name());
        }
        String source = p.source() == null ? null : p.source().name();
        if (source != null && !source.isEmpty() && !names.contains(source)) {
            names.add(source);
        }
        return List.copyOf(names);
    }
}
