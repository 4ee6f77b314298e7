/**
 * {@link dev.imagescan.LayerCache} implementations: in memory, in a local directory, and in a bucket through the
 * {@code store} ports ({@link dev.imagescan.cache.ObjectStoreLayerCache}).
 */
package dev.imagescan.cache;
