/**
 * {@link dev.imagescan.scan.LayerCache} implementations: in memory, in a local directory, and in a bucket through the
 * {@code store} ports ({@link dev.imagescan.store.backed.ObjectStoreLayerCache}).
 */
package dev.imagescan.cache;
