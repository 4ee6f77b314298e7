package dev.imagescan.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The repository and tags an archive names ({@code RepoTags} of a docker-archive, {@code ref.name} of an OCI archive):
 * {@code registry:5000/team/app:1.2} → repository {@code registry:5000/team/app}, tag {@code 1.2}; a bare
 * {@code 1.2} is a tag without a repository.
 *
 * <p>The names come from the uploaded archive, so they are checked before they reach the image record (one DynamoDB
 * item of at most 400 KB, listed by pages of the API): every reference must match the grammar of
 * distribution/reference (a name of lower-case path components after an optional registry host, at most
 * {@value #MAX_NAME_LENGTH} characters; a tag {@code [\w][\w.-]{0,127}}), and at most {@value #MAX_TAGS} tags are
 * kept, the first valid ones in the archive's order. What is dropped is said in {@link #warnings()}.
 *
 * @param repository the first valid repository named, null when none
 * @param tags       the first {@value #MAX_TAGS} valid tags, without repeats
 * @param warnings   what was dropped and why (empty when nothing was)
 */
record ImageNames(String repository, List<String> tags, List<String> warnings) {
    /** The most tags one image record keeps. */
    static final int MAX_TAGS = 100;
    /** The longest repository name distribution/reference accepts. */
    static final int MAX_NAME_LENGTH = 255;

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*|\\[[a-fA-F0-9:]+\\])"
            + "(?::[0-9]+)?";
    private static final Pattern NAME = Pattern.compile("(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT
            + ")*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    /** The most dropped references quoted in a warning. */
    private static final int QUOTED = 3;

    ImageNames {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }

    /** The names in {@code references}, checked and capped. */
    static ImageNames of(List<String> references) {
        String repository = null;
        Set<String> tags = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        int invalidCount = 0;
        int overCap = 0;
        for (String ref : references) {
            Parsed parsed = parse(ref);
            if (parsed == null) {
                invalidCount++;
                if (invalid.size() < QUOTED) {
                    invalid.add(quote(ref));
                }
                continue;
            }
            if (repository == null && parsed.repository() != null) {
                repository = parsed.repository();
            }
            if (parsed.tag() != null && !tags.contains(parsed.tag())) {
                if (tags.size() < MAX_TAGS) {
                    tags.add(parsed.tag());
                } else {
                    overCap++;
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        if (invalidCount > 0) {
            warnings.add(invalidCount + " image reference(s) not in the reference grammar were ignored, e.g. "
                    + String.join(", ", invalid));
        }
        if (overCap > 0) {
            warnings.add(overCap + " tag(s) past the first " + MAX_TAGS + " were ignored");
        }
        return new ImageNames(repository, new ArrayList<>(tags), warnings);
    }

    /** These tags after {@code existing}, without repeats, at most {@value #MAX_TAGS} in all (the first ones). */
    List<String> mergedWith(List<String> existing) {
        Set<String> all = new LinkedHashSet<>();
        for (String tag : existing) {
            if (all.size() >= MAX_TAGS) {
                break;
            }
            all.add(tag);
        }
        for (String tag : tags) {
            if (all.size() >= MAX_TAGS) {
                break;
            }
            all.add(tag);
        }
        return new ArrayList<>(all);
    }

    /** A reference split into repository and tag (either may be null), or null when it is not a valid one. */
    private static Parsed parse(String ref) {
        if (ref == null || ref.isEmpty() || ref.length() > MAX_NAME_LENGTH + 1 + 128) {
            return null;
        }
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at); // a digest reference names the repository only
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        String name = rest;
        String tag = null;
        if (colon > slash) {
            name = rest.substring(0, colon);
            tag = rest.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                return null;
            }
        }
        if (at < 0 && tag == null && slash < 0) {
            // a bare word: an OCI ref.name that is only a tag ("1.2", "latest")
            return TAG.matcher(name).matches() ? new Parsed(null, name) : null;
        }
        if (name.isEmpty() && tag != null && at < 0) {
            return null;
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            return null;
        }
        return new Parsed(name, at >= 0 ? null : tag);
    }

    private static String quote(String s) {
        String shown = s == null ? "null" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private record Parsed(String repository, String tag) {}
}
