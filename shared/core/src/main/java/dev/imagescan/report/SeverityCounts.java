package dev.imagescan.report;

import java.util.Collection;

/** How many findings there are at each level: in a report, and on an image's record. */
public record SeverityCounts(int high, int medium, int low, int unknown) {
    /** No findings. */
    public static final SeverityCounts NONE = new SeverityCounts(0, 0, 0, 0);

    public SeverityCounts {
        if (high < 0 || medium < 0 || low < 0 || unknown < 0) {
            throw new IllegalArgumentException("negative count in " + high + "/" + medium + "/" + low + "/" + unknown);
        }
    }

    public static SeverityCounts of(Collection<Finding> findings) {
        int[] n = new int[Severity.values().length];
        for (Finding f : findings) {
            n[f.level().ordinal()]++;
        }
        return new SeverityCounts(n[Severity.HIGH.ordinal()], n[Severity.MEDIUM.ordinal()],
                n[Severity.LOW.ordinal()], n[Severity.UNKNOWN.ordinal()]);
    }

    public int total() {
        return high + medium + low + unknown;
    }

    public int get(Severity level) {
        return switch (level) {
            case HIGH -> high;
            case MEDIUM -> medium;
            case LOW -> low;
            case UNKNOWN -> unknown;
        };
    }
}
