/** rpm's SQLite {@code rpmdb.sqlite} database, read with sqlite-jdbc. */
package dev.imagescan.analyzer.rpm.sqlite;
