package dev.imagescan.suppress;

import dev.imagescan.inventory.Package;
import dev.imagescan.report.Finding;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an ignore file: a vulnerability id, optionally narrowed to packages (by purl or name) and paths (globs
 * over the file the package was read from), with an optional expiry date and a reason.
 *
 * @param id        the vulnerability id (CVE, GHSA, distribution advisory); matches a finding's id, advisories and
 *                  aliases, without case
 * @param purls     package URLs; when any is given the entry applies only to the packages they name
 *                  ({@link PurlPattern})
 * @param packages  package names (the installed name or the source name the advisories use); when any is given the
 *                  entry applies only to those
 * @param paths     globs over paths inside the image ({@code var/lib/dpkg/status}, {@code usr/lib/**}); when any is
 *                  given the entry applies only to packages read from a matching file
 * @param expiresOn the first day on which the entry no longer applies; null: never
 * @param statement why it does not apply; null when the file says nothing
 * @param file      the file it was read from, as named on the command line
 * @param where     the file and entry, for messages ({@code .imagescanignore: vulnerabilities[2]})
 */
public record IgnoreRule(String id, List<String> purls, List<String> packages, List<String> paths,
        LocalDate expiresOn, String statement, String file, String where) {
    public IgnoreRule {
        Objects.requireNonNull(id, "id");
        purls = List.copyOf(purls);
        packages = List.copyOf(packages);
        paths = List.copyOf(paths);
    }

    /** Whether the entry has expired on {@code today}: on and after its expiry date it no longer applies. */
    public boolean expired(LocalDate today) {
        return expiresOn != null && !today.isBefore(expiresOn);
    }

    /** Whether the entry names {@code finding} (its id, package and path; expiry is not considered here). */
    public boolean matches(Finding finding) {
        if (!FindingKeys.ids(finding).contains(FindingKeys.key(id))) {
            return false;
        }
        Package p = finding.pkg();
        if (!purls.isEmpty()) {
            PurlPattern own = PurlPattern.parse(p.purl());
            if (purls.stream().map(PurlPattern::parse).noneMatch(pattern -> pattern != null && pattern.matches(own))) {
                return false;
            }
        }
        if (!packages.isEmpty() && packages.stream().noneMatch(name -> name.equals(p.name())
                || name.equals(finding.matchedName()))) {
            return false;
        }
        if (!paths.isEmpty()) {
            String path = FindingKeys.path(p);
            return path != null && paths.stream().anyMatch(glob -> glob(glob).matches(Path.of(path)));
        }
        return true;
    }

    /** One line for people: {@code CVE-2023-1234 (expired on 2024-01-31) at .imagescanignore: vulnerabilities[0]}. */
    public String describe() {
        return id + (expiresOn == null ? "" : " (expires on " + expiresOn + ")") + " at " + where;
    }

    private static PathMatcher glob(String glob) {
        String g = glob.startsWith("/") ? glob.substring(1) : glob;
        return FileSystems.getDefault().getPathMatcher("glob:" + g);
    }
}
