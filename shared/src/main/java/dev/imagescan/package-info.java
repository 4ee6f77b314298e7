/** The imagescan scanning library: image, layer, analyzer, inventory, version, report. */
package dev.imagescan;
