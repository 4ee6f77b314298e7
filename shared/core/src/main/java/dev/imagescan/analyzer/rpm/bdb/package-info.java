/** rpm's BerkeleyDB hash {@code Packages} database, read without libdb. */
package dev.imagescan.analyzer.rpm.bdb;
