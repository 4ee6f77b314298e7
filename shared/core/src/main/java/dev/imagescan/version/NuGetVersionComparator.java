package dev.imagescan.version;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link VersionComparator} for NuGet package versions, as NuGet.Versioning's {@code VersionComparer.Default} orders
 * them: up to four numeric parts ({@code 1.0} = {@code 1.0.0} = {@code 1.0.0.0}), then the release labels — a
 * version without one after every version with one; labels compared one by one, numeric ones numerically and before
 * alphanumeric ones, which compare case-insensitively; fewer labels first when one list is a prefix of the other —
 * and build metadata ignored. Strings that are no NuGet version are older than every version and ordered among
 * themselves by their text, so the order stays total. Stateless and thread-safe.
 */
public final class NuGetVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final NuGetVersionComparator INSTANCE = new NuGetVersionComparator();

    private static final Pattern VERSION = Pattern.compile(
            "\\s*([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?\\s*");

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public NuGetVersionComparator() {}

    /**
     * Orders two NuGet versions.
     *
     * @return -1, 0 or 1
     * @throws NullPointerException if either argument is null
     */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Matcher ma = VERSION.matcher(a);
        Matcher mb = VERSION.matcher(b);
        boolean va = a.length() <= 1024 && ma.matches();
        boolean vb = b.length() <= 1024 && mb.matches();
        if (!va || !vb) {
            return va == vb ? Integer.signum(a.compareTo(b)) : va ? 1 : -1;
        }
        for (int g = 1; g <= 4; g++) {
            int c = numbers(ma.group(g), mb.group(g));
            if (c != 0) {
                return c;
            }
        }
        return labels(ma.group(5), mb.group(5));
    }

    /** {@code "nuget"}. */
    @Override
    public String name() {
        return "nuget";
    }

    private static int numbers(String x, String y) {
        String sx = strip(x == null ? "0" : x);
        String sy = strip(y == null ? "0" : y);
        if (sx.length() != sy.length()) {
            return sx.length() < sy.length() ? -1 : 1;
        }
        return Integer.signum(sx.compareTo(sy));
    }

    private static String strip(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static int labels(String x, String y) {
        if (x == null || y == null) {
            return x == y ? 0 : x == null ? 1 : -1;
        }
        String[] xs = x.split("\\.");
        String[] ys = y.split("\\.");
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            boolean nx = xs[i].chars().allMatch(c -> c >= '0' && c <= '9');
            boolean ny = ys[i].chars().allMatch(c -> c >= '0' && c <= '9');
            int c;
            if (nx && ny) {
                c = numbers(xs[i], ys[i]);
            } else if (nx != ny) {
                c = nx ? -1 : 1;
            } else {
                c = Integer.signum(xs[i].toLowerCase(Locale.ROOT).compareTo(ys[i].toLowerCase(Locale.ROOT)));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xs.length, ys.length);
    }
}
