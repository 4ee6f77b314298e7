package dev.imagescan.version;

import java.util.Objects;

/**
  * {@link VersionComparator} for Go module versions: a port of {@code golang.org/x/mod/semver.Compare}. Versions are
  * semantic versions with a {@code v} (added when missing, as OSV writes them without it, and {@code go1.21.3} of the
  * standard library is read as {@code v1.21.3}); {@code v1} and {@code v1.2} are short for {@code v1.0.0} and
  * {@code v1.2.0}; pseudo-versions ({@code v0.0.0-20191109021931-daa7c04131f5}) are pre-releases and order by their
  * time stamp; build metadata such as {@code +incompatible} is ignored. Invalid versions are older than every valid
  * one and equal to each other. Stateless and thread-safe.
  */
public final class GoVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final GoVersionComparator INSTANCE = new GoVersionComparator();

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public GoVersionComparator() {}

    /** The parts of a valid version; {@code prerelease} keeps its leading {@code -}, empty when there is none. */
    private record Parsed(String major, String minor, String patch, String prerelease) {}

    /**
      * Orders two Go module versions as {@code semver.Compare} does.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Parsed pa = parse(normalize(a));
        Parsed pb = parse(normalize(b));
        if (pa == null || pb == null) {
            return pa == pb ? 0 : pa == null ? -1 : 1;
        }
        int c = compareInt(pa.major, pb.major);
        if (c == 0) {
            c = compareInt(pa.minor, pb.minor);
        }
        if (c == 0) {
            c = compareInt(pa.patch, pb.patch);
        }
        return c != 0 ? c : comparePrerelease(pa.prerelease, pb.prerelease);
    }

    /** Whether {@code version} (with or without its {@code v}) is a valid Go semantic version. */
    public static boolean isValid(String version) {
        return parse(normalize(version)) != null;
    }

    /** {@code "go"}. */
    @Override
    public String name() {
        return "go";
    }

    private static String normalize(String v) {
        if (v.startsWith("go1")) {
            return "v" + v.substring(2);
        }
        return !v.isEmpty() && Character.isDigit(v.charAt(0)) ? "v" + v : v;
    }

    private static Parsed parse(String v) {
        if (v.isEmpty() || v.charAt(0) != 'v') {
            return null;
        }
        int[] pos = {1};
        String major = parseInt(v, pos);
        if (major == null) {
            return null;
        }
        if (pos[0] == v.length()) {
            return new Parsed(major, "0", "0", "");
        }
        if (v.charAt(pos[0]) != '.') {
            return null;
        }
        pos[0]++;
        String minor = parseInt(v, pos);
        if (minor == null) {
            return null;
        }
        if (pos[0] == v.length()) {
            return new Parsed(major, minor, "0", "");
        }
        if (v.charAt(pos[0]) != '.') {
            return null;
        }
        pos[0]++;
        String patch = parseInt(v, pos);
        if (patch == null) {
            return null;
        }
        String prerelease = "";
        if (pos[0] < v.length() && v.charAt(pos[0]) == '-') {
            int end = v.indexOf('+', pos[0]);
            end = end < 0 ? v.length() : end;
            prerelease = v.substring(pos[0], end);
            if (!identifiers(prerelease.substring(1), true)) {
                return null;
            }
            pos[0] = end;
        }
        if (pos[0] < v.length() && v.charAt(pos[0]) == '+') {
            if (!identifiers(v.substring(pos[0] + 1), false)) {
                return null;
            }
            pos[0] = v.length();
        }
        return pos[0] == v.length() ? new Parsed(major, minor, patch, prerelease) : null;
    }

    /** Digits without a leading zero (but {@code 0} itself), advancing {@code pos}; null when there are none. */
    private static String parseInt(String v, int[] pos) {
        int start = pos[0];
        int i = start;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        if (i == start || v.charAt(start) == '0' && i != start + 1) {
            return null;
        }
        pos[0] = i;
        return v.substring(start, i);
    }

    /** Dot-separated non-empty identifiers of {@code [0-9A-Za-z-]}; numeric ones without leading zeros if asked. */
    private static boolean identifiers(String s, boolean numbersCanonical) {
        if (s.isEmpty()) {
            return false;
        }
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty() || !id.chars().allMatch(GoVersionComparator::isIdentChar)) {
                return false;
            }
            if (numbersCanonical && isNum(id) && id.length() > 1 && id.charAt(0) == '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentChar(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    }

    private static boolean isNum(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int compareInt(String x, String y) {
        if (x.length() != y.length()) {
            return x.length() < y.length() ? -1 : 1;
        }
        return Integer.signum(x.compareTo(y));
    }

    private static int comparePrerelease(String x, String y) {
        if (x.equals(y)) {
            return 0;
        }
        if (x.isEmpty()) {
            return 1;
        }
        if (y.isEmpty()) {
            return -1;
        }
        String[] xs = x.substring(1).split("\\.", -1);
        String[] ys = y.substring(1).split("\\.", -1);
        for (int i = 0; i < xs.length && i < ys.length; i++) {
            if (!xs[i].equals(ys[i])) {
                boolean nx = isNum(xs[i]);
                boolean ny = isNum(ys[i]);
                if (nx != ny) {
                    return nx ? -1 : 1;
                }
                return nx ? compareInt(xs[i], ys[i]) : Integer.signum(xs[i].compareTo(ys[i]));
            }
        }
        return Integer.compare(xs.length, ys.length);
    }
}
