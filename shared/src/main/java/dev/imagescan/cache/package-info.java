/**
 * {@link dev.imagescan.LayerCache} implementations of the core: in memory, and in a local directory. Object-storage
 * adapters (S3) live with the functions that use them.
 */
package dev.imagescan.cache;
