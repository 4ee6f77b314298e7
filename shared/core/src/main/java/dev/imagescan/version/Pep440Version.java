package dev.imagescan.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
  * A Python package version as PEP 440 defines it, parsed the way {@code packaging.version.Version} does (its
  * {@code VERSION_PATTERN}, case-insensitive, surrounding white space ignored), and ordered by the same key:
  * epoch, release without trailing zeros, pre-release ({@code dev}-only before {@code a < b < rc} before none), post
  * release, dev release, local version (absent first; string segments before numeric ones).
  */
public final class Pep440Version implements Comparable<Pep440Version> {
    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
            + "(?<pre>[._-]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[._-]?(?<pren>[0-9]+)?)?"
            + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[._-]?(?<postl>post|rev|r)[._-]?(?<postn2>[0-9]+)?))?"
            + "(?<dev>[._-]?(?<devl>dev)[._-]?(?<devn>[0-9]+)?)?"
            + "(?:\\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private static final int PRE_DEV_ONLY = -1;
    private static final int PRE_STABLE = 3;

    private final BigInteger epoch;
    private final List<BigInteger> release;
    private final int preRank;
    private final BigInteger preNumber;
    private final BigInteger post;
    private final BigInteger dev;
    private final List<String> local;

    private Pep440Version(BigInteger epoch, List<BigInteger> release, int preRank, BigInteger preNumber,
            BigInteger post, BigInteger dev, List<String> local) {
        this.epoch = epoch;
        this.release = release;
        this.preRank = preRank;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    /** The version {@code text} denotes, or empty when it is not a PEP 440 version. */
    public static Optional<Pep440Version> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 1024) {
            return Optional.empty();
        }
        Matcher m = PATTERN.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigInteger epoch = m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            release.add(new BigInteger(part));
        }
        while (release.size() > 1 && release.get(release.size() - 1).signum() == 0) {
            release.remove(release.size() - 1);
        }
        BigInteger post = m.group("post") == null ? null : number(m.group("postn1") != null
                ? m.group("postn1") : m.group("postn2"));
        BigInteger dev = m.group("dev") == null ? null : number(m.group("devn"));
        int preRank;
        BigInteger preNumber = BigInteger.ZERO;
        if (m.group("pre") != null) {
            preRank = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2; // c, rc, pre, preview
            };
            preNumber = number(m.group("pren"));
        } else {
            preRank = post == null && dev != null ? PRE_DEV_ONLY : PRE_STABLE;
        }
        List<String> local = m.group("local") == null ? null
                : List.of(m.group("local").toLowerCase(Locale.ROOT).split("[._-]"));
        return Optional.of(new Pep440Version(epoch, List.copyOf(release), preRank, preNumber, post, dev, local));
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = epoch.compareTo(o.epoch);
        if (c != 0) {
            return Integer.signum(c);
        }
        for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
            if (i >= release.size() || i >= o.release.size()) {
                return i >= release.size() ? -1 : 1;
            }
            c = release.get(i).compareTo(o.release.get(i));
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        c = preRank != o.preRank ? Integer.compare(preRank, o.preRank) : preNumber.compareTo(o.preNumber);
        if (c != 0) {
            return Integer.signum(c);
        }
        c = compareAbsentFirst(post, o.post);
        if (c != 0) {
            return c;
        }
        c = dev == null || o.dev == null ? compareAbsentFirst(o.dev, dev) // no dev release sorts after every one
                : Integer.signum(dev.compareTo(o.dev));
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    private static int compareAbsentFirst(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static int compareLocal(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean nx = x.chars().allMatch(Character::isDigit);
            boolean ny = y.chars().allMatch(Character::isDigit);
            int c;
            if (nx && ny) {
                c = new BigInteger(x).compareTo(new BigInteger(y));
            } else if (nx != ny) {
                c = nx ? 1 : -1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(epoch, release, preRank, preNumber, post, dev, local);
    }
}
