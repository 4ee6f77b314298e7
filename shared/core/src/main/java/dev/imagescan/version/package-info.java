/**
 * Package-manager version ordering: one {@link dev.imagescan.version.VersionComparator} per ecosystem,
 * each a faithful port of that package manager's own comparison and each a total order that never
 * fails on malformed input:
 *
 * <ul>
 *   <li>{@link dev.imagescan.version.RpmVersionComparator} ({@code "rpm"}): rpm's {@code
 *       rpmverCmp()} over {@link dev.imagescan.version.RpmVersion} EVRs, segments by {@link
 *       dev.imagescan.version.Rpmvercmp};
 *   <li>{@link dev.imagescan.version.DpkgVersionComparator} ({@code "dpkg"}): dpkg's {@code
 *       dpkg_version_compare()} and {@code verrevcmp()}, parts as in {@link
 *       dev.imagescan.version.DpkgVersion};
 *   <li>{@link dev.imagescan.version.ApkVersionComparator} ({@code "apk"}): apk-tools' tokenizing
 *       {@code apk_version_compare()}, with its validation and dependency-operator matching;
 *   <li>the language ecosystems: {@link dev.imagescan.version.MavenVersionComparator} (Maven's own {@code
 *       ComparableVersion}), {@link dev.imagescan.version.Pep440VersionComparator} (PyPI, as {@code packaging}),
 *       {@link dev.imagescan.version.SemVerComparator} (npm, crates.io) and {@link
 *       dev.imagescan.version.GoVersionComparator} (Go modules, a port of {@code golang.org/x/mod/semver}), {@link
 *       dev.imagescan.version.RubyGemsVersionComparator} ({@code Gem::Version}) and {@link
 *       dev.imagescan.version.NuGetVersionComparator} (NuGet.Versioning).
 * </ul>
 *
 * <p>{@link dev.imagescan.version.VersionComparators#forPackageType} picks one by package type.
 */
package dev.imagescan.version;
