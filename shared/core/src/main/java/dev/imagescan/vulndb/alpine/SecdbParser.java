package dev.imagescan.vulndb.alpine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Alpine secdb document ({@code https://secdb.alpinelinux.org/v3.20/main.json}, {@code community.json}):
 * its {@code distroversion} ({@code v3.20}) and, of each {@code packages[].pkg}, the {@code name} and the
 * {@code secfixes} map from the version that fixes them to the CVE ids. The version {@code 0} means the branch's
 * package was never affected (Alpine's convention, as Clair and Trivy read it): those ids are skipped. Other ids
 * than CVEs in a fix list ({@code XSA-…}, words) are skipped too. Streaming, one package at a time; anything not of
 * this shape is a {@link FeedFormatException} naming the document and the JSON location.
 */
public final class SecdbParser {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern BRANCH = Pattern.compile("v\\d+\\.\\d+|edge");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 16)
                    .build())
            .build();

    private SecdbParser() {}

    /** Receives each fix: in branch {@code distroversion}, package {@code name} is fixed at {@code version}. */
    @FunctionalInterface
    public interface FixSink {
        void fix(String distroversion, String name, String version, String cve);
    }

    /**
     * Parses one document (closed at the end).
     *
     * @return how many packages it lists
     */
    public static long parse(InputStream in, String name, FixSink sink) throws IOException {
        long packages = 0;
        String branch = null;
        boolean sawPackages = false;
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(p, name, "expected a JSON object");
            }
            // distroversion may come after packages: hold the fixes of a document until it is known
            List<String[]> fixes = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("distroversion")) {
                    if (value != JsonToken.VALUE_STRING || !BRANCH.matcher(p.getText()).matches()) {
                        throw bad(p, name, "distroversion is not a branch such as v3.20 or edge");
                    }
                    branch = p.getText();
                } else if (field.equals("packages")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw bad(p, name, "expected packages to be an array");
                    }
                    sawPackages = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        pkg(p, name, fixes);
                        packages++;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (branch == null || !sawPackages) {
                throw new FeedFormatException(name + ": not an Alpine secdb document (no distroversion and packages)");
            }
            for (String[] f : fixes) {
                sink.fix(branch, f[0], f[1], f[2]);
            }
        } catch (JsonParseException e) {
            throw new FeedFormatException(name + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        return packages;
    }

    /** One {@code {"pkg": {"name": …, "secfixes": {…}}}}. */
    private static void pkg(JsonParser p, String name, List<String[]> fixes) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw bad(p, name, "expected an object in packages");
        }
        String pkgName = null;
        List<String[]> own = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!field.equals("pkg")) {
                p.skipChildren();
                continue;
            }
            if (value != JsonToken.START_OBJECT) {
                throw bad(p, name, "expected pkg to be an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("name") && v == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                    pkgName = p.getText();
                } else if (f.equals("secfixes")) {
                    if (v != JsonToken.START_OBJECT) {
                        throw bad(p, name, "expected secfixes to be an object");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String version = p.currentName();
                        if (p.nextToken() != JsonToken.START_ARRAY) {
                            throw bad(p, name, "expected the ids fixed in " + version + " to be an array");
                        }
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() != JsonToken.VALUE_STRING) {
                                throw bad(p, name, "expected an id string");
                            }
                            if (version.equals("0")) {
                                continue; // never affected in this branch
                            }
                            Matcher m = CVE.matcher(p.getText());
                            while (m.find()) {
                                own.add(new String[] {version, m.group()});
                            }
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (pkgName == null) {
            throw bad(p, name, "a package without a name");
        }
        for (String[] o : own) {
            fixes.add(new String[] {pkgName, o[0], o[1]});
        }
    }

    private static FeedFormatException bad(JsonParser p, String name, String message) {
        return new FeedFormatException(name + ": " + message + " (line " + p.currentLocation().getLineNr()
                + ", column " + p.currentLocation().getColumnNr() + ")");
    }
}
