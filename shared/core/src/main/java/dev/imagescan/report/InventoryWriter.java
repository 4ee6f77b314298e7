package dev.imagescan.report;

import dev.imagescan.inventory.Inventory;
import java.io.IOException;
import java.io.OutputStream;

/** Renders an inventory in one output format. */
public interface InventoryWriter {
    void write(Inventory inventory, OutputStream out) throws IOException;
}
