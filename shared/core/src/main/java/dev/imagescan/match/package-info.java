/**
 * Matching: an inventory against a vulnerability database. {@link dev.imagescan.match.Ecosystems} says which
 * advisory ecosystems apply to the image's OS (as its {@link dev.imagescan.distro.Distribution} names them),
 * {@link dev.imagescan.match.AffectedRanges} decides whether one installed version is affected by one advisory entry,
 * and {@link dev.imagescan.match.Matcher} puts them together into one {@link dev.imagescan.match.Match} per
 * (vulnerability, package).
 */
package dev.imagescan.match;
