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
 * @param unfixed   why a version these ranges leave affected without a fix has none: {@link FixStatus#AFFECTED} (no
 *                  fix yet; what OSV's ranges without a {@code fixed} event mean), or a vendor's word such as
 *                  {@link FixStatus#WILL_NOT_FIX}; never {@link FixStatus#FIXED} (a fix is a range's {@code fixed}
 *                  event)
 */
public record AffectedPackage(String ecosystem, String name, List<VersionRange> ranges, List<String> versions,
        String rating, FixStatus unfixed) {
    public AffectedPackage {
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
        if (unfixed == null) {
            unfixed = FixStatus.AFFECTED;
        } else if (unfixed == FixStatus.FIXED) {
            throw new IllegalArgumentException("an entry's fix is a range's fixed event, not a status");
        }
    }

    /** An entry whose versions without a fix are simply affected, as OSV's are. */
    public AffectedPackage(String ecosystem, String name, List<VersionRange> ranges, List<String> versions,
            String rating) {
        this(ecosystem, name, ranges, versions, rating, FixStatus.AFFECTED);
    }
}
