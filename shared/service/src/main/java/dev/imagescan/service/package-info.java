/**
 * What the Lambda functions do, over the {@code store} ports and without Lambda or AWS types, so it is tested against
 * any store: {@link dev.imagescan.service.ScanService} (scan an archive or re-match a stored inventory, once per image,
 * database and analyzers) and {@link dev.imagescan.service.EnumerateService} (enqueue a re-scan of every image) and
 * {@link dev.imagescan.service.DatabaseUpdateService} (build the database from the OSV feeds, verify it, publish it and
 * only then move {@code vulndb/current}).
 */
package dev.imagescan.service;
