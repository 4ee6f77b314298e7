package dev.imagescan.inventory;

/** Which layer of the image: its position (0 = base) and its diffID. */
public record LayerRef(int index, String diffId) {}
