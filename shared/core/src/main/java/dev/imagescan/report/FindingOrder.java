package dev.imagescan.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Sorts a report's findings in {@link ReportBuilder#ORDER}, reading each finding's sort fields once into a compact key
 * first: an image's findings can be thousands, and comparing them through their records (level, KEV and EPSS
 * entries, CVSS score, package) chases pointers all over the heap at every one of the n log n comparisons. The keys
 * compare exactly as {@code ORDER} does and the sort is stable, so the order is the same.
 */
final class FindingOrder {
    private FindingOrder() {}

    /** Sorts {@code items} by their findings in {@link ReportBuilder#ORDER}, stably. */
    static <T> void sort(List<T> items, Function<T, Finding> finding) {
        if (items.size() < 2) {
            return;
        }
        Key[] keys = new Key[items.size()];
        for (int i = 0; i < keys.length; i++) {
            T item = items.get(i);
            keys[i] = new Key(item, finding.apply(item));
        }
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            @SuppressWarnings("unchecked")
            T item = (T) keys[i].item;
            items.set(i, item);
        }
    }

    /** One item with the fields {@code ORDER} compares, in its order. */
    private static final class Key implements Comparable<Key> {
        final Object item;
        final int level;
        final boolean kev;
        final double epss;
        final double cvss;
        final String name;
        final String arch;
        final String id;

        Key(Object item, Finding f) {
            this.item = item;
            this.level = f.level().ordinal();
            this.kev = f.knownExploited();
            this.epss = f.epssScore();
            this.cvss = f.severity().cvss() == null ? -1 : f.severity().cvss().baseScore();
            this.name = f.pkg().name();
            this.arch = String.valueOf(f.pkg().arch());
            this.id = f.id();
        }

        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(level, o.level);
            if (c == 0) {
                c = Boolean.compare(o.kev, kev);
            }
            if (c == 0) {
                c = Double.compare(o.epss, epss);
            }
            if (c == 0) {
                c = Double.compare(o.cvss, cvss);
            }
            if (c == 0) {
                c = name.compareTo(o.name);
            }
            if (c == 0) {
                c = arch.compareTo(o.arch);
            }
            return c != 0 ? c : id.compareTo(o.id);
        }
    }
}
