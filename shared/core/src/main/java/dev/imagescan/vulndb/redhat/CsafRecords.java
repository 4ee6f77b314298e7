package dev.imagescan.vulndb.redhat;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.CvssScores;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a {@link CsafDocument} into records, as Red Hat's CSAF guidelines define the fields and as Trivy's
 * {@code redhat-csaf} importer reads them:
 * <ul>
 *   <li>a VEX document ({@code csaf_vex}, one per CVE): one record per vulnerability, id the CVE, aliases the RHSAs
 *       of its {@code vendor_fix} remediations; per affected (product stream, package) one entry: fixed at the
 *       component's version when the product is {@code fixed}, else affected with the status its remediation says
 *       ({@code none_available} "Affected" → {@link FixStatus#AFFECTED}, "Deferred"/"Fix deferred" →
 *       {@link FixStatus#FIX_DEFERRED}; {@code no_fix_planned} "Will not fix" → {@link FixStatus#WILL_NOT_FIX},
 *       "Out of support scope" → {@link FixStatus#OUT_OF_SUPPORT}; {@code under_investigation} →
 *       {@link FixStatus#UNDER_INVESTIGATION}); {@code known_not_affected} products get no entry;</li>
 *   <li>an advisory ({@code csaf_security_advisory}, an RHSA): one record, id the RHSA, aliases its CVEs, one
 *       fixed entry per (product stream, package).</li>
 * </ul>
 * The product stream's CPE gives the ecosystem: {@code cpe:/o:redhat:enterprise_linux:9::baseos} →
 * {@code Red Hat:enterprise_linux:9::baseos}, the form of Red Hat's own OSV records. The component's purl
 * ({@code pkg:rpm/redhat/pam@1.5.1-21.el9_5?arch=x86_64&epoch=1}) gives the package name and the fixed
 * {@code epoch:version-release} (epoch 0 when the purl names none); without a purl the product's name is read as
 * {@code name-epoch:version-release.arch}. A module package ({@code rpmmod=nodejs:18:…}) is named
 * {@code nodejs:18::npm}, as the matcher asks for a package whose rpm header carries that modularity label. Fixed
 * source packages ({@code arch=src}) are left out (their binaries are listed); an unfixed source package is kept
 * under its own name (older VEX files name only the source), which the matcher also asks for. Non-rpm components
 * (container images, Maven artifacts) and products without a Red Hat CPE are left out. The rating is Red Hat's
 * impact for the product ({@code Important}, …), else the document's aggregate severity; the CVSS vectors are
 * scored as the OSV import scores them.
 */
final class CsafRecords {
    static final String ECOSYSTEM_PREFIX = "Red Hat:";
    private static final String CVE_PAGE = "https://access.redhat.com/security/cve/";
    private static final String ERRATA_PAGE = "https://access.redhat.com/errata/";

    private CsafRecords() {}

    /** The records of {@code doc}, named {@code name} in messages; skipped CVSS vectors go to {@code warnings}. */
    static List<OsvRecord> of(CsafDocument doc, String name, Consumer<OsvWarning> warnings) {
        boolean vex = doc.category.equals("csaf_vex");
        if (!vex && !doc.category.equals("csaf_security_advisory")) {
            throw new FeedFormatException(name + ": document.category " + doc.category
                    + " is neither csaf_vex nor csaf_security_advisory");
        }
        if (vex) {
            List<OsvRecord> records = new ArrayList<>();
            for (CsafDocument.Vulnerability v : doc.vulnerabilities) {
                if (v.cve == null) {
                    throw new FeedFormatException(name + ": a vulnerability without a cve");
                }
                Entries entries = new Entries();
                Set<String> errata = new LinkedHashSet<>();
                collect(doc, v, entries, errata, true);
                if (entries.isEmpty()) {
                    continue; // only layered products, images or not-affected statements: nothing to match
                }
                List<String> refs = new ArrayList<>();
                refs.add(CVE_PAGE + v.cve);
                errata.stream().limit(4).forEach(e -> refs.add(ERRATA_PAGE + e));
                String rating = v.impactForAll != null ? v.impactForAll : doc.aggregateSeverity;
                Advisory a = new Advisory(v.cve, List.copyOf(errata), summary(v.title != null ? v.title : doc.title),
                        v.releaseDate != null ? v.releaseDate : doc.initialRelease, doc.currentRelease,
                        cvss(v, name, v.cve, warnings), word(rating), refs);
                records.add(new OsvRecord(a, null, entries.list()));
            }
            return records;
        }
        if (doc.trackingId == null) {
            throw new FeedFormatException(name + ": an advisory without document.tracking.id");
        }
        Entries entries = new Entries();
        Set<String> cves = new LinkedHashSet<>();
        List<CvssScore> cvss = new ArrayList<>();
        for (CsafDocument.Vulnerability v : doc.vulnerabilities) {
            if (v.cve != null) {
                cves.add(v.cve);
            }
            collect(doc, v, entries, new LinkedHashSet<>(), false);
            for (CvssScore s : cvss(v, name, doc.trackingId, warnings)) {
                if (cvss.stream().noneMatch(x -> x.vector().equals(s.vector()))) {
                    cvss.add(s);
                }
            }
        }
        if (entries.isEmpty()) {
            return List.of();
        }
        Advisory a = new Advisory(doc.trackingId, List.copyOf(cves), summary(doc.title), doc.initialRelease,
                doc.currentRelease, cvss, word(doc.aggregateSeverity), List.of(ERRATA_PAGE + doc.trackingId));
        return List.of(new OsvRecord(a, null, entries.list()));
    }

    /** The entries of one vulnerability's products; the errata of its fixes go to {@code errata}. */
    private static void collect(CsafDocument doc, CsafDocument.Vulnerability v, Entries entries, Set<String> errata,
            boolean unfixedToo) {
        Map<String, FixStatus> statusOf = new LinkedHashMap<>();
        for (String list : List.of("fixed", "first_fixed")) {
            for (String id : v.status.getOrDefault(list, List.of())) {
                statusOf.put(id, FixStatus.FIXED);
            }
        }
        for (CsafDocument.Remediation r : v.remediations) {
            FixStatus s = status(r);
            if (s == FixStatus.FIXED && r.url() != null) {
                String erratum = r.url().substring(r.url().lastIndexOf('/') + 1);
                if (!erratum.isBlank()) {
                    errata.add(erratum);
                }
            }
            if (s != null) {
                for (String id : r.productIds()) {
                    statusOf.merge(id, s, FixStatus::precedence);
                }
            }
        }
        if (unfixedToo) {
            for (String id : v.status.getOrDefault("known_affected", List.of())) {
                statusOf.putIfAbsent(id, FixStatus.AFFECTED);
            }
            for (String id : v.status.getOrDefault("under_investigation", List.of())) {
                statusOf.putIfAbsent(id, FixStatus.UNDER_INVESTIGATION);
            }
            for (String id : v.status.getOrDefault("known_not_affected", List.of())) {
                statusOf.remove(id);
            }
        }
        for (Map.Entry<String, FixStatus> e : statusOf.entrySet()) {
            if (!unfixedToo && e.getValue() != FixStatus.FIXED) {
                continue;
            }
            CsafDocument.Relationship rel = doc.relationships.get(e.getKey());
            if (rel == null) {
                continue; // a product id that is a stream or a component alone: no package of a stream
            }
            String ecosystem = ecosystem(doc.products.get(rel.stream()));
            Component c = component(doc.products.get(rel.component()));
            if (ecosystem == null || c == null) {
                continue;
            }
            String rating = word(v.impact.getOrDefault(e.getKey(), v.impactForAll));
            if (e.getValue() == FixStatus.FIXED) {
                if (c.version() == null || c.source()) {
                    continue; // a fixed source package (its binaries are listed), or no version to compare
                }
                entries.fixed(ecosystem, c.name(), c.version(), rating);
            } else {
                entries.unfixed(ecosystem, c.name(), e.getValue(), rating);
            }
        }
    }

    /** What a remediation says of its products; null for the ones that say nothing of a fix (workarounds). */
    static FixStatus status(CsafDocument.Remediation r) {
        String details = r.details() == null ? "" : r.details().strip().toLowerCase(Locale.ROOT);
        return switch (r.category()) {
            case "vendor_fix" -> FixStatus.FIXED;
            case "none_available" -> details.contains("defer") ? FixStatus.FIX_DEFERRED : FixStatus.AFFECTED;
            case "no_fix_planned" -> details.contains("out of support") ? FixStatus.OUT_OF_SUPPORT
                    : FixStatus.WILL_NOT_FIX;
            default -> null;
        };
    }

    /** {@code Red Hat:enterprise_linux:9::baseos} for a stream whose CPE is a Red Hat one; null otherwise. */
    static String ecosystem(CsafDocument.Product stream) {
        if (stream == null || stream.cpe() == null) {
            return null;
        }
        String cpe = stream.cpe().strip();
        int at = cpe.indexOf(":redhat:");
        if (!cpe.startsWith("cpe:/") || at != 6 || cpe.length() <= at + 8) {
            return null;
        }
        return ECOSYSTEM_PREFIX + cpe.substring(at + 8);
    }

    /** An rpm package of a component: its name (with its module), version ({@code epoch:version-release}), kind. */
    record Component(String name, String version, boolean source) {}

    /** The rpm package of a component product; null for anything else (images, Maven artifacts, streams). */
    static Component component(CsafDocument.Product product) {
        if (product == null) {
            return null;
        }
        if (product.purl() != null) {
            return fromPurl(product.purl());
        }
        return product.name() == null || product.cpe() != null ? null : fromNevra(product.name());
    }

    /** {@code pkg:rpm/redhat/NAME[@VERSION][?arch=A&epoch=E&rpmmod=M:S:V:C]}. */
    static Component fromPurl(String purl) {
        if (!purl.startsWith("pkg:rpm/")) {
            return null;
        }
        String rest = purl.substring("pkg:rpm/".length());
        int hash = rest.indexOf('#');
        rest = hash < 0 ? rest : rest.substring(0, hash);
        int q = rest.indexOf('?');
        String qualifiers = q < 0 ? "" : rest.substring(q + 1);
        String path = q < 0 ? rest : rest.substring(0, q);
        int slash = path.lastIndexOf('/');
        String nameVersion = slash < 0 ? path : path.substring(slash + 1);
        int at = nameVersion.indexOf('@');
        String name = decode(at < 0 ? nameVersion : nameVersion.substring(0, at));
        String version = at < 0 ? null : decode(nameVersion.substring(at + 1));
        String arch = null;
        String epoch = null;
        String module = null;
        for (String kv : qualifiers.split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = decode(kv.substring(eq + 1));
            switch (kv.substring(0, eq)) {
                case "arch" -> arch = value;
                case "epoch" -> epoch = value;
                case "rpmmod" -> module = value;
                default -> { }
            }
        }
        if (name.isEmpty()) {
            return null;
        }
        String full = version == null ? null : (epoch == null || epoch.isEmpty() ? "0" : epoch) + ":" + version;
        return new Component(moduleName(module, name), full, "src".equals(arch));
    }

    /** {@code telnet-1:0.17-65.el7_6.x86_64} (an rpm NEVRA, the epoch optional); a bare name when it is not one. */
    static Component fromNevra(String nevra) {
        int dot = nevra.lastIndexOf('.');
        int release = dot < 0 ? -1 : nevra.lastIndexOf('-', dot);
        int version = release <= 0 ? -1 : nevra.lastIndexOf('-', release - 1);
        if (version <= 0) {
            return new Component(nevra, null, false);
        }
        String arch = nevra.substring(dot + 1);
        String ev = nevra.substring(version + 1, release);
        String full = (ev.contains(":") ? ev : "0:" + ev) + "-" + nevra.substring(release + 1, dot);
        return new Component(nevra.substring(0, version), full, arch.equals("src"));
    }

    /** {@code nodejs:18::npm} for a package of module stream {@code nodejs:18:8090020231019152822:a75119d5}. */
    static String moduleName(String label, String name) {
        if (label == null || label.isBlank()) {
            return name;
        }
        String[] parts = label.split(":", -1);
        return parts.length < 2 ? name : parts[0] + ":" + parts[1] + "::" + name;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static List<CvssScore> cvss(CsafDocument.Vulnerability v, String name, String id,
            Consumer<OsvWarning> warnings) {
        List<CvssScore> scores = new ArrayList<>();
        for (CsafDocument.Score s : v.scores) {
            String type = switch (s.type()) {
                case "cvss_v2" -> "CVSS_V2";
                case "cvss_v4" -> "CVSS_V4";
                default -> "CVSS_V3";
            };
            try {
                CvssScore score = CvssScores.score(type, s.vector());
                if (scores.stream().noneMatch(x -> x.vector().equals(score.vector()))) {
                    scores.add(score);
                }
            } catch (IllegalArgumentException e) {
                warnings.accept(new OsvWarning(OsvWarning.Kind.UNPARSEABLE_CVSS, name, id,
                        "CVSS vector '" + s.vector() + "' left out: " + e.getMessage()));
            }
        }
        return scores;
    }

    private static String summary(String title) {
        if (title == null) {
            return "";
        }
        String t = title.strip();
        return t.length() > 300 ? t.substring(0, 300) : t;
    }

    /** Red Hat's rating as it writes it ({@code Important}), trimmed; null when none. */
    private static String word(String rating) {
        return rating == null || rating.isBlank() ? null : rating.strip();
    }

    /** The entries of one record, one per (ecosystem, package, fix or status), in the order first seen. */
    private static final class Entries {
        private final Map<String, AffectedPackage> byKey = new LinkedHashMap<>();

        void fixed(String ecosystem, String name, String version, String rating) {
            byKey.putIfAbsent(ecosystem + "\u0000" + name + "\u0000" + version, new AffectedPackage(ecosystem, name,
                    List.of(new VersionRange(List.of(RangeEvent.introduced("0"), RangeEvent.fixed(version)))),
                    List.of(), rating));
        }

        void unfixed(String ecosystem, String name, FixStatus status, String rating) {
            byKey.putIfAbsent(ecosystem + "\u0000" + name + "\u0000" + status, new AffectedPackage(ecosystem, name,
                    List.of(new VersionRange(List.of(RangeEvent.introduced("0")))), List.of(), rating, status));
        }

        boolean isEmpty() {
            return byKey.isEmpty();
        }

        List<AffectedPackage> list() {
            return List.copyOf(byKey.values());
        }
    }
}
