package dev.imagescan.vulndb;

import java.util.List;

/**
 * One {@code affected[]} entry of an OSV record: which versions of one package in one ecosystem are vulnerable.
 *
 * @param ecosystem the OSV ecosystem verbatim: {@code Debian:12}, {@code Alpine:v3.20}, {@code Ubuntu:22.04:LTS},
 *                  {@code Red Hat:enterprise_linux:9::appstream}, {@code Rocky Linux:9}, {@code AlmaLinux:9}, ...
 * @param name      the package name as the ecosystem names it (Debian/Ubuntu: source package; Alpine: origin;
 *                  rpm distributions: binary package)
 * @param ranges    the {@code ECOSYSTEM} ranges (other range types are dropped on import)
 * @param versions  the explicit {@code versions} list
 * @param rating    the distribution's own rating for this package, verbatim (Debian {@code urgency}, Red Hat
 *                  {@code severity}, Ubuntu {@code priority}, from {@code ecosystem_specific} or
 *                  {@code database_specific}); null when none
 */
public record AffectedPackage(String ecosystem, String name, List<VersionRange> ranges, List<String> versions,
        String rating) {
    public AffectedPackage {
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
    }
}
