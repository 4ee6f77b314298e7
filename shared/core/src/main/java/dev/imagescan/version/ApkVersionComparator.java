package dev.imagescan.version;

import java.util.Objects;

/**
  * {@link VersionComparator} for Alpine package versions: a faithful port of apk-tools' {@code
  * apk_version_compare()}, {@code apk_version_validate()} and {@code apk_version_match()} ({@code
  * src/version.c} of current apk-tools: the {@code token_first()}/{@code token_next()} tokenizer
  * with commit hashes and fuzzy matching, which apk-tools' own {@code test/version.data} tests; the
  * older {@code get_token()} with its negative "fractional" values for leading zeros fails that
  * data, e.g. {@code 8.2.0 < 8.2.001}). Stateless and thread-safe; it tokenizes in place, without
  * allocating.
  *
  * <p><b>Tokens</b>. An apk version reads {@code digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}}
  * and is cut into tokens, each of a type that constrains the types that may follow it: an initial
  * digit run; {@code .}-led digit runs; one lower-case letter; suffixes {@code _alpha}, {@code
  * _beta}, {@code _pre}, {@code _rc} (pre-releases, older than no suffix) and {@code _cvs}, {@code
  * _svn}, {@code _git}, {@code _hg}, {@code _p} (newer), each with an optional number; one {@code
  * ~}commit hash of lower-case hex digits; one {@code -r}revision number; then the end. Anything else
  * (an upper-case letter, a second letter, an unknown suffix, a token out of order, a {@code .} or
  * {@code -r} without digits) is an <em>invalid</em> token, and the version is not {@linkplain
  * #isValid valid}.
  *
  * <p><b>Order</b>. Both versions are walked token by token while their token types agree: numbers
  * compare by value, except that two {@code .}-led digit runs of which one starts with {@code 0}
  * compare as strings (so {@code 1.01 < 1.1} and {@code 8.2.0 < 8.2.001}); letters by code; suffixes
  * in the order above; commit hashes as strings. On the first difference in value that decides. When
  * the types differ, a pre-release suffix is older than anything else; otherwise the version whose
  * token type comes later in the list (the end, or an invalid token, counting as the latest) is the
  * older: {@code 1.0_rc1 < 1.0 < 1.0-r1 < 1.0~beef < 1.0_p1 < 1.0a < 1.0.1}. Versions that agree
  * up to an invalid token in both, or up to both ends, are equal: this is how apk falls back on
  * invalid versions, so {@code 1.0bc == 1.0bd} (both break at the second letter), while {@code 1.0bc <
  * 1.0b}.
  *
  * <p>Numbers are read as apk reads them, into an unsigned 64-bit value that silently wraps, so a
  * run of more than 19 digits compares by its value modulo 2<sup>64</sup>, as in apk. Characters
  * outside ASCII only ever make a token invalid. The order is total on all strings.
  */
public final class ApkVersionComparator implements VersionComparator {

    /** A shared instance. */
    public static final ApkVersionComparator INSTANCE = new ApkVersionComparator();

    // Token types. The order is the semantics: token_next() bounds which type may follow which, and
    // on differing types the later one is the older version.
    private static final int TOKEN_INITIAL_DIGIT = 0;
    private static final int TOKEN_DIGIT = 1;
    private static final int TOKEN_LETTER = 2;
    private static final int TOKEN_SUFFIX = 3;
    private static final int TOKEN_SUFFIX_NO = 4;
    private static final int TOKEN_COMMIT_HASH = 5;
    private static final int TOKEN_REVISION_NO = 6;
    private static final int TOKEN_END = 7;
    private static final int TOKEN_INVALID = 8;

    // Suffix values: pre-releases below NONE, post-releases above it.
    private static final int SUFFIX_INVALID = 0;
    private static final int SUFFIX_ALPHA = 1;
    private static final int SUFFIX_BETA = 2;
    private static final int SUFFIX_PRE = 3;
    private static final int SUFFIX_RC = 4;
    private static final int SUFFIX_NONE = 5;
    private static final int SUFFIX_CVS = 6;
    private static final int SUFFIX_SVN = 7;
    private static final int SUFFIX_GIT = 8;
    private static final int SUFFIX_HG = 9;
    private static final int SUFFIX_P = 10;

    // apk's comparison result bits (apk_version.h)
    private static final int VERSION_EQUAL = 1;
    private static final int VERSION_LESS = 2;
    private static final int VERSION_GREATER = 4;
    private static final int VERSION_FUZZY = 8;
    private static final int DEPMASK_ANY = VERSION_EQUAL | VERSION_LESS | VERSION_GREATER;

    /** Prefer {@link #INSTANCE}; public for frameworks that instantiate by class. */
    public ApkVersionComparator() {}

    /**
      * Orders two version strings as apk's {@code apk_version_compare()} does.
      *
      * @return -1, 0 or 1
      * @throws NullPointerException if either argument is null
      */
    @Override
    public int compare(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return compareFuzzy(a, b, false);
    }

    /** {@code "apk"}. */
    @Override
    public String name() {
        return "apk";
    }

    /**
      * apk's {@code apk_version_validate()}: whether {@code version} reads as a sequence of valid
      * tokens to its end (see the class comment). The empty string is not valid.
      *
      * @throws NullPointerException if {@code version} is null
      */
    public static boolean isValid(String version) {
        Objects.requireNonNull(version, "version");
        long t = first(version);
        while (type(t) < TOKEN_END) {
            t = next(version, end(t), type(t));
        }
        return type(t) == TOKEN_END;
    }

    /**
      * apk's {@code apk_version_match()}: whether {@code version op other} holds, {@code op} being an
      * apk dependency operator made of {@code <}, {@code >}, {@code =} and {@code ~} ({@code <},
      * {@code <=}, {@code =}, {@code >=}, {@code >}, and the fuzzy {@code ~}, {@code <~}, {@code >~}).
      * The fuzzy operators compare only as far as {@code other} goes, so {@code 3.6.9 ~ 3.6} and {@code
      * 3.6_pre1 ~ 3.6} hold, while {@code 3.6 ~ 3.6.9} does not. An operator holding all of {@code <},
      * {@code =} and {@code >} matches anything, as in apk.
      *
      * @throws IllegalArgumentException if {@code op} is empty or holds another character (apk reads
      *     such an operator as matching nothing)
      * @throws NullPointerException if an argument is null
      */
    public static boolean matches(String version, String op, String other) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(other, "other");
        final int mask = resultMask(op);
        if ((mask & DEPMASK_ANY) == DEPMASK_ANY) {
            return true;
        }
        final int rc = compareFuzzy(version, other, (mask & VERSION_FUZZY) != 0);
        final int result = rc < 0 ? VERSION_LESS : rc > 0 ? VERSION_GREATER : VERSION_EQUAL;
        return (result & mask) != 0;
    }

    /** apk's {@code apk_version_result_mask_blob()}, refusing what it maps to 0. */
    private static int resultMask(String op) {
        int mask = 0;
        for (int i = 0; i < op.length(); i++) {
            switch (op.charAt(i)) {
                case '<':
                    mask |= VERSION_LESS;
                    break;
                case '>':
                    mask |= VERSION_GREATER;
                    break;
                case '=':
                    mask |= VERSION_EQUAL;
                    break;
                case '~':
                    mask |= VERSION_FUZZY | VERSION_EQUAL;
                    break;
                default:
                    throw new IllegalArgumentException("not an apk version operator: '" + op + "'");
            }
        }
        if (mask == 0) {
            throw new IllegalArgumentException("empty apk version operator");
        }
        return mask;
    }

    /**
      * apk's {@code apk_version_compare_fuzzy()}; with {@code fuzzy}, {@code a} equals {@code b} when
      * it matches {@code b} as far as {@code b} goes.
      *
      * @return -1, 0 or 1
      */
    static int compareFuzzy(String a, String b, boolean fuzzy) {
        long ta = first(a);
        long tb = first(b);
        int va = 0; // where the value of a's current token starts
        int vb = 0;
        while (type(ta) == type(tb) && type(ta) < TOKEN_END) {
            final int rc = tokenCmp(type(ta), a, va, end(ta), b, vb, end(tb));
            if (rc != 0) {
                return rc;
            }
            final int pa = end(ta);
            final int pb = end(tb);
            ta = next(a, pa, type(ta));
            tb = next(b, pb, type(tb));
            va = pa + prefixLength(type(ta));
            vb = pb + prefixLength(type(tb));
        }
        final int at = type(ta);
        final int bt = type(tb);
        // both have TOKEN_END or TOKEN_INVALID next? or fuzzy matching the prefix
        if (at == bt) {
            return 0;
        }
        if (bt == TOKEN_END && fuzzy) {
            return 0;
        }
        // leading version components and their values are equal, now the non-terminating version
        // is greater unless it's a suffix indicating pre-release
        if (at == TOKEN_SUFFIX && suffixValue(a, va, end(ta)) < SUFFIX_NONE) {
            return -1;
        }
        if (bt == TOKEN_SUFFIX && suffixValue(b, vb, end(tb)) < SUFFIX_NONE) {
            return 1;
        }
        return at > bt ? -1 : 1;
    }

    /** apk's {@code token_cmp()} for two tokens of the same type, values {@code a[va, ea)}, {@code b[vb, eb)}. */
    private static int tokenCmp(int type, String a, int va, int ea, String b, int vb, int eb) {
        switch (type) {
            case TOKEN_DIGIT:
                if (a.charAt(va) == '0' || b.charAt(vb) == '0') {
                    // if either of the digits has a leading zero, use raw string comparison, similar
                    // to the Gentoo spec
                    return blobSort(a, va, ea, b, vb, eb);
                }
                return Integer.signum(Long.compareUnsigned(number(a, va, ea), number(b, vb, eb)));
            case TOKEN_INITIAL_DIGIT:
            case TOKEN_SUFFIX_NO:
            case TOKEN_REVISION_NO:
                return Integer.signum(Long.compareUnsigned(number(a, va, ea), number(b, vb, eb)));
            case TOKEN_LETTER:
                return Integer.signum(Character.compare(a.charAt(va), b.charAt(vb)));
            case TOKEN_SUFFIX:
                return Integer.signum(Integer.compare(suffixValue(a, va, ea), suffixValue(b, vb, eb)));
            default: // TOKEN_COMMIT_HASH
                return blobSort(a, va, ea, b, vb, eb);
        }
    }

    /** The first token: apk's {@code token_first()}, an initial digit run. */
    private static long first(String s) {
        return digits(s, 0, TOKEN_INITIAL_DIGIT);
    }

    /**
      * apk's {@code token_next()}: the token starting at {@code pos}, which follows a token of type
      * {@code prev}, as {@code (type, end)}; the type alone tells the length of its lead-in ({@link
      * #prefixLength}).
      */
    private static long next(String s, int pos, int prev) {
        if (pos == s.length()) {
            return token(TOKEN_END, pos);
        }
        final char c = s.charAt(pos);
        if (c >= 'a' && c <= 'z') {
            return prev > TOKEN_DIGIT ? invalid() : token(TOKEN_LETTER, pos + 1);
        }
        if (c == '.' || isDigit(c)) {
            int p = pos;
            if (c == '.') {
                if (prev > TOKEN_DIGIT) {
                    return invalid();
                }
                p++;
            }
            switch (prev) {
                case TOKEN_INITIAL_DIGIT:
                case TOKEN_DIGIT:
                    return digits(s, p, TOKEN_DIGIT);
                case TOKEN_SUFFIX:
                    return digits(s, p, TOKEN_SUFFIX_NO);
                default:
                    return invalid();
            }
        }
        switch (c) {
            case '_': {
                if (prev > TOKEN_SUFFIX_NO) {
                    return invalid();
                }
                int p = pos + 1;
                while (p < s.length() && s.charAt(p) >= 'a' && s.charAt(p) <= 'z') {
                    p++;
                }
                return suffixValue(s, pos + 1, p) == SUFFIX_INVALID ? invalid() : token(TOKEN_SUFFIX, p);
            }
            case '~': {
                if (prev >= TOKEN_COMMIT_HASH) {
                    return invalid();
                }
                int p = pos + 1;
                while (p < s.length() && isHexDigit(s.charAt(p))) {
                    p++;
                }
                return p == pos + 1 ? invalid() : token(TOKEN_COMMIT_HASH, p);
            }
            case '-':
                if (prev >= TOKEN_REVISION_NO || pos + 1 >= s.length() || s.charAt(pos + 1) != 'r') {
                    return invalid();
                }
                return digits(s, pos + 2, TOKEN_REVISION_NO);
            default:
                return invalid();
        }
    }

    /** apk's {@code token_parse_digits()}: a token of {@code type} over the digits from {@code from}, invalid if none. */
    private static long digits(String s, int from, int type) {
        int p = from;
        while (p < s.length() && isDigit(s.charAt(p))) {
            p++;
        }
        return p == from ? invalid() : token(type, p);
    }

    /** How many characters precede the value of a token of {@code type}: {@code .}, {@code _}, {@code ~}, {@code -r}. */
    private static int prefixLength(int type) {
        switch (type) {
            case TOKEN_DIGIT: // always led by '.': a digit run is never followed by a digit
            case TOKEN_SUFFIX:
            case TOKEN_COMMIT_HASH:
                return 1;
            case TOKEN_REVISION_NO:
                return 2;
            default:
                return 0;
        }
    }

    /** apk's {@code suffix_value()} of {@code s[from, to)}. */
    private static int suffixValue(String s, int from, int to) {
        final int len = to - from;
        if (len == 0) {
            return SUFFIX_INVALID;
        }
        final int value;
        final String literal;
        switch (s.charAt(from)) {
            case 'a':
                value = SUFFIX_ALPHA;
                literal = "alpha";
                break;
            case 'b':
                value = SUFFIX_BETA;
                literal = "beta";
                break;
            case 'c':
                value = SUFFIX_CVS;
                literal = "cvs";
                break;
            case 'g':
                value = SUFFIX_GIT;
                literal = "git";
                break;
            case 'h':
                value = SUFFIX_HG;
                literal = "hg";
                break;
            case 'p':
                value = len > 1 ? SUFFIX_PRE : SUFFIX_P;
                literal = len > 1 ? "pre" : "p";
                break;
            case 'r':
                value = SUFFIX_RC;
                literal = "rc";
                break;
            case 's':
                value = SUFFIX_SVN;
                literal = "svn";
                break;
            default:
                return SUFFIX_INVALID;
        }
        return len == literal.length() && s.startsWith(literal, from) ? value : SUFFIX_INVALID;
    }

    /** apk's {@code apk_blob_pull_uint(…, 10)}: the value of a digit run in unsigned 64 bits, wrapping. */
    private static long number(String s, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }

    /** apk's {@code apk_blob_sort()}: byte-wise, then the shorter first (the values here are ASCII). */
    private static int blobSort(String a, int va, int ea, String b, int vb, int eb) {
        final int n = Math.min(ea - va, eb - vb);
        for (int k = 0; k < n; k++) {
            final int d = a.charAt(va + k) - b.charAt(vb + k);
            if (d != 0) {
                return d < 0 ? -1 : 1;
            }
        }
        return Integer.signum((ea - va) - (eb - vb));
    }

    private static long token(int type, int end) {
        return ((long) type << 32) | (end & 0xffffffffL);
    }

    private static long invalid() {
        return token(TOKEN_INVALID, 0);
    }

    private static int type(long token) {
        return (int) (token >>> 32);
    }

    private static int end(long token) {
        return (int) token;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** apk's {@code APK_CTYPE_HEXDIGIT}: digits and lower-case {@code a} to {@code f} only. */
    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }
}
