/**
 * Storage ports: what the Lambda functions keep and where, without AWS types. {@link dev.imagescan.store.ObjectStore}
 * holds bytes (image archives, layer inventories, reports, database artifacts) under the key layout of
 * {@link dev.imagescan.store.StoreKeys}; {@link dev.imagescan.store.ScanTable} holds images, scans, scan claims and
 * the layer index in one key-value table; {@link dev.imagescan.store.JobQueue} carries
 * {@link dev.imagescan.store.ScanJob}s. Every failure is a {@link dev.imagescan.store.StoreException}; a lost
 * conditional write is its subclass {@link dev.imagescan.store.ConditionFailedException}, an absent thing
 * {@link dev.imagescan.store.NotFoundException}. The adapters over S3, DynamoDB and SQS live in
 * {@code dev.imagescan.store.aws}; docs/storage.md describes the table design and the key layout.
 */
package dev.imagescan.store;
