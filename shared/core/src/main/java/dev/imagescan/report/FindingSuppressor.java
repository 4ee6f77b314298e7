package dev.imagescan.report;

import dev.imagescan.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which findings do not apply (an ignore file, VEX documents). The report keeps the findings it suppresses
 * apart: counted, listed on request and carried in the machine formats, never silently dropped.
 */
public interface FindingSuppressor {
    /** Suppresses nothing. */
    FindingSuppressor NONE = new FindingSuppressor() {
        @Override
        public Suppression suppression(Finding finding, Inventory inventory) {
            return null;
        }

        @Override
        public List<String> notices() {
            return List.of();
        }
    };

    /** Asks {@code first}, then {@code second}; their notices together. */
    static FindingSuppressor firstOf(FindingSuppressor first, FindingSuppressor second) {
        return new FindingSuppressor() {
            @Override
            public Suppression suppression(Finding finding, Inventory inventory) {
                Suppression s = first.suppression(finding, inventory);
                return s != null ? s : second.suppression(finding, inventory);
            }

            @Override
            public List<String> notices() {
                List<String> all = new ArrayList<>(first.notices());
                all.addAll(second.notices());
                return all;
            }
        };
    }

    /** The statement that says {@code finding} of an image with {@code inventory} does not apply; null if none. */
    Suppression suppression(Finding finding, Inventory inventory);

    /** What people should know about the rules themselves: entries that expired and no longer apply. */
    List<String> notices();
}
