package dev.imagescan.report;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

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
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            m.merge(f.level(), 1, Integer::sum);
        }
        return new SeverityCounts(m.getOrDefault(Severity.HIGH, 0), m.getOrDefault(Severity.MEDIUM, 0),
                m.getOrDefault(Severity.LOW, 0), m.getOrDefault(Severity.UNKNOWN, 0));
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
