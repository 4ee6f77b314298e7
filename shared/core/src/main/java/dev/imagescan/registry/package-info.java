/**
 * An OCI Distribution (registry) client: image references ({@link dev.imagescan.registry.ImageReference}), manifest
 * and index negotiation, the platform choice, blob streams, retries, and authentication (anonymous and credentialed
 * Bearer tokens, Basic, Docker's {@code config.json} and credential helpers). {@link RegistryImageSource} is the image
 * source the scanner reads a registry image through; nothing here writes an image to disk. See docs/registry.md.
 */
package dev.imagescan.registry;
