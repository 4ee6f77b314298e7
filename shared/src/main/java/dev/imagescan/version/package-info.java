/**
 * Package-manager version ordering: one {@link dev.imagescan.version.VersionComparator} per ecosystem
 * (rpm so far), each a faithful port of that package manager's own comparison.
 */
package dev.imagescan.version;
