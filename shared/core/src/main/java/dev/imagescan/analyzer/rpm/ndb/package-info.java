/** rpm's NDB {@code Packages.db} database (SUSE). */
package dev.imagescan.analyzer.rpm.ndb;
