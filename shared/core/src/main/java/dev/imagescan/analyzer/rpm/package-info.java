/**
 * Installed-package inventory from rpm databases, in pure Java: {@link dev.imagescan.analyzer.rpm.RpmDatabaseReader}
 * reads a BerkeleyDB {@code Packages}, NDB {@code Packages.db} or SQLite {@code rpmdb.sqlite} file (format found by
 * {@link dev.imagescan.analyzer.rpm.RpmDatabases} from the file's bytes) and decodes each header with
 * {@link dev.imagescan.analyzer.rpm.RpmHeaderParser}.
 */
package dev.imagescan.analyzer.rpm;
