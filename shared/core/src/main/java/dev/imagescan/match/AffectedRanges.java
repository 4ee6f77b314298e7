package dev.imagescan.match;

import dev.imagescan.version.VersionComparator;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates OSV {@code ECOSYSTEM} ranges and {@code versions} lists, as the OSV schema's evaluation algorithm says:
 * within one range the events are sorted by version ({@code introduced: "0"} first) and walked in order — an
 * {@code introduced} at or below the version turns "affected" on, a {@code fixed} at or below it turns it off, a
 * {@code last_affected} below it turns it off. When a range has {@code limit} events, a version at or above every
 * limit is outside the range. An entry affects a version when any range does or when the version is listed in
 * {@code versions}.
 */
public final class AffectedRanges {
    private AffectedRanges() {}

    public static RangeVerdict evaluate(AffectedPackage entry, String version, VersionComparator cmp) {
        boolean affected = false;
        boolean unfixed = false;
        String fix = null;
        for (VersionRange range : entry.ranges()) {
            RangeVerdict v = evaluate(range, version, cmp);
            if (v.affected()) {
                affected = true;
                unfixed |= v.fixedVersion() == null;
                fix = later(fix, v.fixedVersion(), cmp);
            }
        }
        if (!affected) {
            for (String listed : entry.versions()) {
                if (cmp.compare(listed, version) == 0) {
                    return new RangeVerdict(true, fixAbove(entry, version, cmp));
                }
            }
            return RangeVerdict.NOT_AFFECTED;
        }
        // a range that is affected with no fix keeps the version affected whatever the other ranges fix
        return new RangeVerdict(true, unfixed ? null : fix);
    }

    /** One range on its own. */
    public static RangeVerdict evaluate(VersionRange range, String version, VersionComparator cmp) {
        List<RangeEvent> events = sorted(range.events(), cmp);
        boolean hasLimit = false;
        boolean belowALimit = false;
        boolean affected = false;
        String fix = null;
        for (RangeEvent e : events) {
            switch (e.type()) {
                case INTRODUCED -> {
                    if (isZero(e.version()) || cmp.compare(version, e.version()) >= 0) {
                        affected = true;
                        fix = null;
                    }
                }
                case FIXED -> {
                    if (cmp.compare(version, e.version()) >= 0) {
                        affected = false;
                    } else if (affected && fix == null) {
                        fix = e.version();
                    }
                }
                case LAST_AFFECTED -> {
                    if (cmp.compare(version, e.version()) > 0) {
                        affected = false;
                    }
                }
                case LIMIT -> {
                    hasLimit = true;
                    if ("*".equals(e.version()) || cmp.compare(version, e.version()) < 0) {
                        belowALimit = true;
                    }
                }
            }
        }
        if (!affected || (hasLimit && !belowALimit)) {
            return RangeVerdict.NOT_AFFECTED;
        }
        return new RangeVerdict(true, fix);
    }

    /** For a version affected through the {@code versions} list: the lowest fixed event above it, if any. */
    private static String fixAbove(AffectedPackage entry, String version, VersionComparator cmp) {
        String fix = null;
        for (VersionRange range : entry.ranges()) {
            for (RangeEvent e : range.events()) {
                if (e.type() == RangeEvent.Type.FIXED && cmp.compare(e.version(), version) > 0
                        && (fix == null || cmp.compare(e.version(), fix) < 0)) {
                    fix = e.version();
                }
            }
        }
        return fix;
    }

    private static String later(String a, String b, VersionComparator cmp) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return cmp.compare(a, b) >= 0 ? a : b;
    }

    private static List<RangeEvent> sorted(List<RangeEvent> events, VersionComparator cmp) {
        if (events.size() < 2 || events.size() == 2 && isIntroducedZero(events.get(0))) {
            return events; // already in order; {introduced: 0} and one more event is most ranges' shape
        }
        List<RangeEvent> copy = new ArrayList<>(events);
        copy.sort((x, y) -> {
            boolean zx = isIntroducedZero(x);
            boolean zy = isIntroducedZero(y);
            if (zx || zy) {
                return zx == zy ? 0 : zx ? -1 : 1;
            }
            return cmp.compare(x.version(), y.version());
        });
        return copy;
    }

    private static boolean isIntroducedZero(RangeEvent e) {
        return e.type() == RangeEvent.Type.INTRODUCED && isZero(e.version());
    }

    private static boolean isZero(String version) {
        return "0".equals(version);
    }
}
