package dev.imagescan.vulndb.redhat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Red Hat CSAF document (a {@code csaf_security_advisory} such as an RHSA, or a per-CVE {@code csaf_vex})
 * says, reduced to the parts the database needs: its product tree as products and relationships, and its
 * vulnerabilities' statuses, remediations, scores and impacts. Built by {@link CsafParser}; turned into records by
 * {@link CsafRecords}.
 */
final class CsafDocument {
    /** {@code csaf_vex} or {@code csaf_security_advisory}. */
    String category;
    /** {@code RHSA-2024:9941} or {@code CVE-2024-10041}. */
    String trackingId;
    String title;
    /** The document's {@code aggregate_severity}: {@code Important}, {@code Moderate}, … */
    String aggregateSeverity;
    Instant initialRelease;
    Instant currentRelease;
    /** Every product of the product tree by id: a product stream (with a CPE) or a component (with a purl). */
    final Map<String, Product> products = new HashMap<>();
    /** Relationships by the full product id they define ({@code BaseOS-9.5.0.Z.MAIN:pam-0:1.5.1-21.el9_5.x86_64}). */
    final Map<String, Relationship> relationships = new HashMap<>();
    final List<Vulnerability> vulnerabilities = new ArrayList<>();

    /** One {@code product} of the product tree's branches. */
    record Product(String id, String name, String cpe, String purl) {}

    /** A full product: {@code component} as a component of {@code stream}. */
    record Relationship(String component, String stream) {}

    /** A remediation: {@code vendor_fix} (with the erratum's URL), {@code none_available}, {@code no_fix_planned}. */
    record Remediation(String category, String details, String url, List<String> productIds) {}

    /** A CVSS vector as the document gives it. */
    record Score(String type, String vector) {}

    /** One entry of {@code vulnerabilities}. */
    static final class Vulnerability {
        String cve;
        String title;
        Instant releaseDate;
        /** {@code product_status} lists by name: {@code fixed}, {@code known_affected}, … */
        final Map<String, List<String>> status = new HashMap<>();
        final List<Remediation> remediations = new ArrayList<>();
        final List<Score> scores = new ArrayList<>();
        /** Red Hat's impact (threat of category {@code impact}) by full product id. */
        final Map<String, String> impact = new HashMap<>();
        /** An impact threat that names no product: the vulnerability's impact for every product. */
        String impactForAll;
    }
}
