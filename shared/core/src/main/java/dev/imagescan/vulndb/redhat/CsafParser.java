package dev.imagescan.vulndb.redhat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Red Hat CSAF 2.0 document (an advisory or a VEX file) with Jackson's streaming parser into a
 * {@link CsafDocument}, keeping only what the database uses (no tree of the document is built): the document's
 * category, tracking id and dates, title and aggregate severity; every product of the product tree (id, name, CPE,
 * purl) and every relationship; per vulnerability its CVE, title, release date, product status lists,
 * remediations, CVSS vectors and impact threats. Everything else is skipped as it streams by.
 *
 * <p>Bounded whatever it is fed: nesting depth 64, strings of at most 1 MiB, at most {@link #MAX_ITEMS} products,
 * relationships and product ids together (Red Hat's largest VEX files, the kernel's, hold a few hundred thousand);
 * the document's size is bounded by the fetch. Anything not of CSAF's shape is a {@link FeedFormatException} naming
 * the document and the line.
 */
final class CsafParser {
    /** The most products, relationships and product ids one document may list. */
    static final int MAX_ITEMS = 2_000_000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(1 << 20).build())
            .build();

    private final String name;
    private final JsonParser p;
    private final CsafDocument doc = new CsafDocument();
    private int items;

    private CsafParser(String name, JsonParser p) {
        this.name = name;
        this.p = p;
    }

    /** Parses {@code in} (not closed), named {@code name} in messages. */
    static CsafDocument parse(InputStream in, String name) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            CsafParser parser = new CsafParser(name, p);
            parser.document();
            return parser.doc;
        } catch (JsonEOFException e) {
            throw new FeedFormatException(name + ": truncated JSON (it ends inside an object or array)"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (JsonParseException | StreamConstraintsException e) {
            throw new FeedFormatException(name + ": not a CSAF JSON document: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (EOFException e) {
            throw new FeedFormatException(name + ": truncated JSON", e);
        }
    }

    private void document() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw bad("not a JSON object");
        }
        boolean sawDocument = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "document" -> {
                    header();
                    sawDocument = true;
                }
                case "product_tree" -> productTree();
                case "vulnerabilities" -> {
                    expect(JsonToken.START_ARRAY, "vulnerabilities");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        doc.vulnerabilities.add(vulnerability());
                    }
                    expectCurrent(JsonToken.END_ARRAY, "vulnerabilities");
                }
                default -> p.skipChildren();
            }
        }
        expectCurrent(JsonToken.END_OBJECT, "the document");
        if (p.nextToken() != null) {
            throw bad("unexpected content after the document");
        }
        if (!sawDocument || doc.category == null) {
            throw bad("not a CSAF document (no document.category)");
        }
        if (doc.currentRelease == null) {
            throw bad("no document.tracking.current_release_date");
        }
    }

    private void header() throws IOException {
        expect(JsonToken.START_OBJECT, "document");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "category" -> doc.category = text("document.category");
                case "title" -> doc.title = text("document.title");
                case "aggregate_severity" -> doc.aggregateSeverity = textField("text", "document.aggregate_severity");
                case "tracking" -> {
                    expect(JsonToken.START_OBJECT, "document.tracking");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "id" -> doc.trackingId = text("document.tracking.id");
                            case "initial_release_date" -> doc.initialRelease = time("initial_release_date");
                            case "current_release_date" -> doc.currentRelease = time("current_release_date");
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void productTree() throws IOException {
        expect(JsonToken.START_OBJECT, "product_tree");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "branches" -> branches();
                case "relationships" -> {
                    expect(JsonToken.START_ARRAY, "product_tree.relationships");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        relationship();
                    }
                    expectCurrent(JsonToken.END_ARRAY, "product_tree.relationships");
                }
                default -> p.skipChildren();
            }
        }
    }

    /** A {@code branches} array: each branch's product, and its own branches, recursively. */
    private void branches() throws IOException {
        expect(JsonToken.START_ARRAY, "branches");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "branches" -> branches();
                    case "product" -> product();
                    default -> p.skipChildren();
                }
            }
        }
        expectCurrent(JsonToken.END_ARRAY, "branches");
    }

    private void product() throws IOException {
        expect(JsonToken.START_OBJECT, "product");
        String id = null;
        String productName = null;
        String cpe = null;
        String purl = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "product_id" -> id = text("product.product_id");
                case "name" -> productName = text("product.name");
                case "product_identification_helper" -> {
                    expect(JsonToken.START_OBJECT, "product_identification_helper");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "cpe" -> cpe = text("cpe");
                            case "purl" -> purl = text("purl");
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw bad("a product without a product_id");
        }
        count();
        doc.products.put(id, new CsafDocument.Product(id, productName, cpe, purl));
    }

    private void relationship() throws IOException {
        String fullId = null;
        String component = null;
        String stream = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "full_product_name" -> fullId = textField("product_id", "full_product_name");
                case "product_reference" -> component = text("product_reference");
                case "relates_to_product_reference" -> stream = text("relates_to_product_reference");
                default -> p.skipChildren();
            }
        }
        if (fullId == null || component == null || stream == null) {
            throw bad("a relationship without full_product_name.product_id, product_reference or"
                    + " relates_to_product_reference");
        }
        count();
        doc.relationships.put(fullId, new CsafDocument.Relationship(component, stream));
    }

    private CsafDocument.Vulnerability vulnerability() throws IOException {
        CsafDocument.Vulnerability v = new CsafDocument.Vulnerability();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "cve" -> v.cve = text("cve");
                case "title" -> v.title = text("title");
                case "release_date" -> v.releaseDate = time("release_date");
                case "product_status" -> {
                    expect(JsonToken.START_OBJECT, "product_status");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String list = p.currentName();
                        p.nextToken();
                        v.status.put(list, strings("product_status." + list));
                    }
                }
                case "remediations" -> {
                    expect(JsonToken.START_ARRAY, "remediations");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        v.remediations.add(remediation());
                    }
                    expectCurrent(JsonToken.END_ARRAY, "remediations");
                }
                case "scores" -> {
                    expect(JsonToken.START_ARRAY, "scores");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        score(v);
                    }
                    expectCurrent(JsonToken.END_ARRAY, "scores");
                }
                case "threats" -> {
                    expect(JsonToken.START_ARRAY, "threats");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        threat(v);
                    }
                    expectCurrent(JsonToken.END_ARRAY, "threats");
                }
                default -> p.skipChildren();
            }
        }
        return v;
    }

    private CsafDocument.Remediation remediation() throws IOException {
        String category = null;
        String details = null;
        String url = null;
        List<String> ids = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "category" -> category = text("remediations.category");
                case "details" -> details = text("remediations.details");
                case "url" -> url = text("remediations.url");
                case "product_ids" -> ids = strings("remediations.product_ids");
                default -> p.skipChildren();
            }
        }
        if (category == null) {
            throw bad("a remediation without a category");
        }
        return new CsafDocument.Remediation(category, details, url, ids);
    }

    private void score(CsafDocument.Vulnerability v) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("cvss_v3") || field.equals("cvss_v2") || field.equals("cvss_v4")) {
                String vector = textField("vectorString", field);
                if (vector != null) {
                    v.scores.add(new CsafDocument.Score(field, vector));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void threat(CsafDocument.Vulnerability v) throws IOException {
        String category = null;
        String details = null;
        List<String> ids = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "category" -> category = text("threats.category");
                case "details" -> details = text("threats.details");
                case "product_ids" -> ids = strings("threats.product_ids");
                default -> p.skipChildren();
            }
        }
        if (!"impact".equals(category) || details == null) {
            return;
        }
        if (ids.isEmpty()) {
            v.impactForAll = details;
        }
        for (String id : ids) {
            v.impact.put(id, details);
        }
    }

    /** The string field {@code wanted} of the object at the current token (others skipped); null when absent. */
    private String textField(String wanted, String what) throws IOException {
        expect(JsonToken.START_OBJECT, what);
        String value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals(wanted)) {
                value = text(what + "." + wanted);
            } else {
                p.skipChildren();
            }
        }
        return value;
    }

    private List<String> strings(String what) throws IOException {
        expect(JsonToken.START_ARRAY, what);
        List<String> list = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            count();
            list.add(p.getText());
        }
        expectCurrent(JsonToken.END_ARRAY, what);
        return list;
    }

    private String text(String what) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(what + " is not a string");
        }
        return p.getText();
    }

    private Instant time(String what) throws IOException {
        String t = text(what);
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(what + " '" + t + "' is not a date-time such as 2024-11-19T04:46:55Z");
        }
    }

    private void count() {
        if (++items > MAX_ITEMS) {
            throw bad("more than " + MAX_ITEMS + " products, relationships and product ids");
        }
    }

    private void expect(JsonToken token, String what) {
        expectCurrent(token, what);
    }

    private void expectCurrent(JsonToken token, String what) {
        if (p.currentToken() != token) {
            throw bad(what + ": expected " + (token == JsonToken.START_OBJECT ? "an object"
                    : token == JsonToken.START_ARRAY ? "an array" : token.asString()) + ", found "
                    + (p.currentToken() == null ? "the end" : p.currentToken().asString() == null
                            ? p.currentToken().name() : p.currentToken().asString()));
        }
    }

    private FeedFormatException bad(String message) {
        return new FeedFormatException(name + ": " + message
                + (p.currentLocation() == null ? "" : " (line " + p.currentLocation().getLineNr() + ")"));
    }
}
