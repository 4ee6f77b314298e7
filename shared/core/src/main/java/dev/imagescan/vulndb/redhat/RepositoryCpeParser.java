package dev.imagescan.vulndb.redhat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads Red Hat's repository-to-CPE mapping as it streams (Jackson's parser; no tree), in either form it is kept in:
 * Red Hat's own ({@code {"data": {"rhel-9-for-aarch64-baseos-rpms": {"cpes":
 * ["cpe:/o:redhat:enterprise_linux:9::baseos"], "repo_relative_urls": […]}, …}}}) or the flat one of the
 * vuln-list mirrors ({@code {"rhel-8-…-rpms": ["cpe:/o:…"]}}). Each repository is handed over with its CPEs
 * (trimmed, each once, only {@code cpe:/} names) as it is read. Bounded: at most {@link #MAX_REPOSITORIES}
 * repositories of at most {@link #MAX_CPES} CPEs; a repository id or CPE that is not one, or any other shape, ends
 * the read with a {@link FeedFormatException} naming the document.
 */
final class RepositoryCpeParser {
    static final int MAX_REPOSITORIES = 200_000;
    static final int MAX_CPES = 1_000;
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final Pattern CPE = Pattern.compile("cpe:/[aho]:[^\\s]{1,250}");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                    .maxStringLength(1 << 16).build())
            .build();

    private final JsonParser p;
    private final String name;
    private final BiConsumer<String, List<String>> out;
    private int repositories;

    private RepositoryCpeParser(JsonParser p, String name, BiConsumer<String, List<String>> out) {
        this.p = p;
        this.name = name;
        this.out = out;
    }

    /** Parses {@code in} (not closed), named {@code name} in messages; each repository and its CPEs to {@code out}. */
    static void parse(InputStream in, String name, BiConsumer<String, List<String>> out) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            new RepositoryCpeParser(p, name, out).document();
        } catch (JsonProcessingException e) {
            throw new FeedFormatException(name + ": not a repository-to-CPE mapping (" + e.getOriginalMessage()
                    + ")", e);
        }
    }

    private void document() throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "a JSON object");
        JsonToken t;
        boolean first = true;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (first && field.equals("data") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String repository = p.currentName();
                    p.nextToken();
                    repository(repository);
                }
            } else if (value == JsonToken.START_ARRAY) {
                repository(field); // the flat form
            } else {
                throw bad("'" + field + "' is neither a repository's CPE list nor Red Hat's \"data\" object");
            }
            first = false;
        }
        expect(t, JsonToken.END_OBJECT, "the end of the object");
        if (p.nextToken() != null) {
            throw bad("unexpected content after the object");
        }
    }

    /** One repository, its value the current token: an array of CPEs or an object with {@code cpes}. */
    private void repository(String repository) throws IOException {
        if (!REPOSITORY_ID.matcher(repository).matches()) {
            throw bad("'" + cut(repository) + "' is not a repository id");
        }
        if (++repositories > MAX_REPOSITORIES) {
            throw bad("more than " + MAX_REPOSITORIES + " repositories");
        }
        List<String> cpes = null;
        if (p.currentToken() == JsonToken.START_ARRAY) {
            cpes = cpes(repository);
        } else if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("cpes") && value == JsonToken.START_ARRAY) {
                    cpes = cpes(repository);
                } else if (field.equals("cpes") && value != JsonToken.VALUE_NULL) {
                    throw bad(repository + ".cpes is not an array");
                } else {
                    p.skipChildren();
                }
            }
        } else {
            throw bad(repository + " is neither a CPE list nor an object");
        }
        if (cpes != null && !cpes.isEmpty()) {
            out.accept(repository, cpes);
        }
    }

    private List<String> cpes(String repository) throws IOException {
        Set<String> cpes = new LinkedHashSet<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String cpe = t == JsonToken.VALUE_STRING ? p.getText().strip() : null;
            if (cpe == null || !CPE.matcher(cpe).matches()) {
                throw bad(repository + ": " + (cpe == null ? "a CPE that is not a string" : "'" + cut(cpe)
                        + "' is not a CPE name (cpe:/…)"));
            }
            if (cpes.add(cpe) && cpes.size() > MAX_CPES) {
                throw bad(repository + ": more than " + MAX_CPES + " CPEs");
            }
        }
        return new ArrayList<>(cpes);
    }

    private void expect(JsonToken t, JsonToken wanted, String what) {
        if (t != wanted) {
            throw bad("expected " + what);
        }
    }

    private FeedFormatException bad(String what) {
        return new FeedFormatException(name + ": " + what + " (line " + p.currentLocation().getLineNr() + ")");
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
