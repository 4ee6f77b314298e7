package dev.imagescan.store;

/** How many findings of each severity level an image has. */
public record SeverityCounts(int high, int medium, int low, int unknown) {
    /** No findings. */
    public static final SeverityCounts NONE = new SeverityCounts(0, 0, 0, 0);

    public SeverityCounts {
        if (high < 0 || medium < 0 || low < 0 || unknown < 0) {
            throw new IllegalArgumentException("negative count in " + high + "/" + medium + "/" + low + "/" + unknown);
        }
    }

    public int total() {
        return high + medium + low + unknown;
    }
}
