package dev.imagescan.inventory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows one package database through the image's layers and remembers, for each package, the layer since which it
 * has been present with the same version without a break. A package upgraded, or removed and put back, in a later
 * layer is attributed to that later layer.
 */
public final class LayerAttribution {
    private Map<String, Integer> since = new HashMap<>();

    /** The database as it stands after layer {@code layer} lists {@code present}. */
    public void observe(int layer, Collection<InstalledPackage> present) {
        Map<String, Integer> next = new HashMap<>();
        for (InstalledPackage p : present) {
            next.put(p.key(), since.getOrDefault(p.key(), layer));
        }
        since = next;
    }

    /** The layer that introduced {@code p} as it is now; -1 when it was never observed. */
    public int introducedAt(InstalledPackage p) {
        return since.getOrDefault(p.key(), -1);
    }
}
