package dev.imagescan.inventory;

import java.util.Objects;

/**
 * Which layer of the image: its position (0 = base) and its diffID.
 *
 * @param index  the position, 0 = base; {@value #UNKNOWN_INDEX} when the source names the layer but not its position
 *               (an SBOM that gives a package's layer diffID without the layers' order)
 * @param diffId the layer's diffID ({@code sha256:…})
 */
public record LayerRef(int index, String diffId) {
    public static final int UNKNOWN_INDEX = -1;

    public boolean hasIndex() {
        return index != UNKNOWN_INDEX;
    }

    /**
     * Written out, not the record's generated one: that is bootstrapped through {@code ObjectMethods} on first use,
     * which costs a short CLI run milliseconds (docs/cli.md#fast-start).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof LayerRef l && index == l.index && Objects.equals(diffId, l.diffId);
    }

    @Override
    public int hashCode() {
        return 31 * index + Objects.hashCode(diffId);
    }
}
