package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.FixStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * Writes the report as a CycloneDX 1.5 JSON BOM with vulnerabilities (docs/report-format.md#cyclonedx-vex): the
 * components of {@link CycloneDxWriter}'s SBOM, and one {@code vulnerabilities[]} entry per finding that points at
 * its package's component. Each entry carries the finding's ratings (its CVSS vector and score when known, the
 * distribution's own rating, and the scanner's level), the installed version as affected and the fixed version as
 * unaffected, the fix command as recommendation, the references as advisories, and a VEX analysis:
 * <ul>
 *   <li>a fix is available: state {@code exploitable}, response {@code update} (the package version is affected and
 *       the fixed version removes it);</li>
 *   <li>no fix yet, or a fix deferred: state {@code in_triage}, response {@code can_not_fix} (affected by the
 *       advisories, nothing to upgrade to; watch for a fix);</li>
 *   <li>will not fix, or out of the vendor's support scope: state {@code exploitable}, response {@code will_not_fix}
 *       (affected, and no fix will come: mitigate or replace the package);</li>
 *   <li>under the vendor's investigation: state {@code in_triage}, no response.</li>
 * </ul>
 * The finding's fix status word is the property {@code finding:fix_status}.
 * A finding is only ever in the report while the installed version is affected, so {@code resolved},
 * {@code not_affected} and {@code false_positive} are left to people who triage the document.
 */
public final class CycloneDxVexWriter implements ReportWriter {
    /** The name of the scanner's own rating source. */
    public static final String RATING_SOURCE = "imagescan";

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        Map<Package, String> refs = new IdentityHashMap<>();
        Bom bom = CycloneDxWriter.toBom(report.inventory(), refs);
        Map<Package, String> refsByValue = new HashMap<>();
        refs.forEach(refsByValue::putIfAbsent);
        String distribution = report.coverage().ecosystem() == null ? null
                : SeverityRating.distribution(report.coverage().ecosystem());
        List<Vulnerability> vulnerabilities = new ArrayList<>();
        for (Finding f : report.findings()) {
            String ref = refs.getOrDefault(f.pkg(), refsByValue.get(f.pkg()));
            if (ref == null) {
                throw new IllegalArgumentException("finding " + f.id() + " names package " + f.pkg().name()
                        + " that the inventory does not hold");
            }
            vulnerabilities.add(vulnerability(f, ref, distribution));
        }
        for (SuppressedFinding sf : report.suppressed().findings()) {
            Finding f = sf.finding();
            String ref = refs.getOrDefault(f.pkg(), refsByValue.get(f.pkg()));
            if (ref == null) {
                throw new IllegalArgumentException("suppressed finding " + f.id() + " names package "
                        + f.pkg().name() + " that the inventory does not hold");
            }
            Vulnerability v = vulnerability(f, ref, distribution);
            v.setAnalysis(analysis(sf.suppression()));
            List<Property> props = new ArrayList<>(v.getProperties());
            property(props, "finding:suppressed_by", sf.suppression().source());
            v.setProperties(props);
            vulnerabilities.add(v);
        }
        bom.setVulnerabilities(vulnerabilities);
        try {
            out.write(BomGeneratorFactory.createJson(CycloneDxWriter.SPEC, bom).toJsonString()
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneratorException e) {
            throw new IOException("cannot write the CycloneDX document: " + e.getMessage(), e);
        }
        out.write('\n');
    }

    private static Vulnerability vulnerability(Finding f, String componentRef, String distribution) {
        Vulnerability v = new Vulnerability();
        v.setBomRef(f.id() + "/" + componentRef);
        v.setId(f.id());
        v.setSource(source(f.id()));
        List<Vulnerability.Reference> references = new ArrayList<>();
        for (String id : f.advisoryIds()) {
            if (!id.equals(f.id())) {
                references.add(reference(id, "OSV", "https://osv.dev/vulnerability/" + id));
            }
        }
        for (String alias : f.aliases()) {
            if (!alias.equals(f.id()) && !f.advisoryIds().contains(alias)) {
                references.add(reference(alias, alias.startsWith("CVE-") ? "NVD" : "OSV", null));
            }
        }
        if (!references.isEmpty()) {
            v.setReferences(references);
        }
        v.setRatings(ratings(f, distribution));
        if (f.summary() != null && !f.summary().isBlank()) {
            v.setDescription(f.summary());
        }
        v.setRecommendation(recommendation(f));
        List<Vulnerability.Advisory> advisories = new ArrayList<>();
        for (String url : f.references()) {
            Vulnerability.Advisory a = new Vulnerability.Advisory();
            a.setUrl(url);
            advisories.add(a);
        }
        if (!advisories.isEmpty()) {
            v.setAdvisories(advisories);
        }
        v.setAnalysis(analysis(f));
        Vulnerability.Affect affect = new Vulnerability.Affect();
        affect.setRef(componentRef);
        affect.addVersion(version(f.pkg().version(), Vulnerability.Version.Status.AFFECTED));
        if (f.fixable()) {
            affect.addVersion(version(f.fixedVersion(), Vulnerability.Version.Status.UNAFFECTED));
        }
        v.setAffects(List.of(affect));
        List<Property> props = new ArrayList<>();
        property(props, "finding:advisory_name", f.matchedName());
        property(props, "finding:status", f.fixable() ? "fixed" : "unfixed");
        property(props, "finding:fix_status", f.status().word());
        property(props, "finding:severity_source", f.severity().source());
        if (f.pkg().layer() != null) {
            property(props, "finding:layer", f.baseLayer() ? "base" : "later");
        }
        v.setProperties(props);
        return v;
    }

    /**
     * The VEX analysis of a suppressed finding: VEX {@code not_affected} is {@code not_affected} with the
     * justification mapped onto CycloneDX's, VEX {@code fixed} is {@code resolved}, and an ignore-file entry (an
     * accepted risk, not a statement about the code) has no state and the response {@code will_not_fix}.
     */
    static Vulnerability.Analysis analysis(Suppression s) {
        Vulnerability.Analysis a = new Vulnerability.Analysis();
        switch (s.status()) {
            case Suppression.NOT_AFFECTED -> {
                a.setState(Vulnerability.Analysis.State.NOT_AFFECTED);
                a.setJustification(justification(s.justification()));
            }
            case Suppression.FIXED -> a.setState(Vulnerability.Analysis.State.RESOLVED);
            default -> a.addResponse(Vulnerability.Analysis.Response.WILL_NOT_FIX);
        }
        a.setDetail(s.describe());
        return a;
    }

    /** An OpenVEX or CycloneDX justification as CycloneDX's; null when there is none or it has no counterpart. */
    static Vulnerability.Analysis.Justification justification(String vex) {
        if (vex == null) {
            return null;
        }
        return switch (vex) {
            case "component_not_present", "vulnerable_code_not_present" ->
                    Vulnerability.Analysis.Justification.CODE_NOT_PRESENT;
            case "vulnerable_code_not_in_execute_path" -> Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE;
            case "vulnerable_code_cannot_be_controlled_by_adversary" ->
                    Vulnerability.Analysis.Justification.REQUIRES_ENVIRONMENT;
            case "inline_mitigations_already_exist" ->
                    Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL;
            default -> Vulnerability.Analysis.Justification.fromString(vex);
        };
    }

    /** The VEX analysis of a finding; see the class comment for the mapping. */
    static Vulnerability.Analysis analysis(Finding f) {
        Vulnerability.Analysis a = new Vulnerability.Analysis();
        if (f.fixable()) {
            a.setState(Vulnerability.Analysis.State.EXPLOITABLE);
            a.addResponse(Vulnerability.Analysis.Response.UPDATE);
            a.setDetail(f.pkg().name() + " " + f.pkg().version() + " is affected; " + f.fixedVersion() + " fixes it.");
            return a;
        }
        switch (f.status()) {
            case WILL_NOT_FIX, OUT_OF_SUPPORT -> {
                a.setState(Vulnerability.Analysis.State.EXPLOITABLE);
                a.addResponse(Vulnerability.Analysis.Response.WILL_NOT_FIX);
            }
            case UNDER_INVESTIGATION -> a.setState(Vulnerability.Analysis.State.IN_TRIAGE);
            default -> {
                a.setState(Vulnerability.Analysis.State.IN_TRIAGE);
                a.addResponse(Vulnerability.Analysis.Response.CAN_NOT_FIX);
            }
        }
        String sentence = f.status().sentence();
        a.setDetail(f.pkg().name() + " " + f.pkg().version() + " is "
                + (f.status() == FixStatus.UNDER_INVESTIGATION ? "possibly affected" : "affected") + "; "
                + Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1, sentence.length() - 1) + ".");
        return a;
    }

    /** The ratings: CVSS when known, the distribution's rating when it gives one, and the scanner's level. */
    static List<Vulnerability.Rating> ratings(Finding f, String distribution) {
        List<Vulnerability.Rating> ratings = new ArrayList<>();
        CvssScore cvss = f.severity().cvss();
        if (cvss != null) {
            Vulnerability.Rating r = new Vulnerability.Rating();
            r.setSource(source(f.id()));
            r.setMethod(method(cvss.version()));
            r.setScore(cvss.baseScore());
            r.setSeverity(cvssSeverity(cvss.baseScore()));
            r.setVector(cvss.vector());
            ratings.add(r);
        }
        String rating = f.severity().rating();
        if (rating != null) {
            String from = isDistribution(f.severity().source()) ? f.severity().source() : distribution;
            Vulnerability.Rating r = new Vulnerability.Rating();
            Vulnerability.Source source = new Vulnerability.Source();
            source.setName(from == null ? "distribution" : from);
            r.setSource(source);
            r.setMethod(Vulnerability.Rating.Method.OTHER);
            Severity level = SeverityRating.distroLevel(rating);
            r.setSeverity(level == null ? Vulnerability.Rating.Severity.UNKNOWN : severity(level));
            r.setJustification(rating);
            ratings.add(r);
        }
        Vulnerability.Rating own = new Vulnerability.Rating();
        Vulnerability.Source source = new Vulnerability.Source();
        source.setName(RATING_SOURCE);
        own.setSource(source);
        own.setMethod(Vulnerability.Rating.Method.OTHER);
        own.setSeverity(severity(f.level()));
        own.setJustification("level from " + f.severity().source() + " (docs/severity.md)");
        ratings.add(own);
        return ratings;
    }

    /** High → high, Medium → medium, Low → low, Unknown → unknown. */
    static Vulnerability.Rating.Severity severity(Severity level) {
        return switch (level) {
            case HIGH -> Vulnerability.Rating.Severity.HIGH;
            case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
            case LOW -> Vulnerability.Rating.Severity.LOW;
            case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
        };
    }

    /** The CVSS qualitative rating of a base score (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0, none). */
    static Vulnerability.Rating.Severity cvssSeverity(double score) {
        if (score >= 9.0) {
            return Vulnerability.Rating.Severity.CRITICAL;
        }
        if (score >= 7.0) {
            return Vulnerability.Rating.Severity.HIGH;
        }
        if (score >= 4.0) {
            return Vulnerability.Rating.Severity.MEDIUM;
        }
        return score > 0 ? Vulnerability.Rating.Severity.LOW : Vulnerability.Rating.Severity.NONE;
    }

    /** CVSSv2, CVSSv3, CVSSv31 or CVSSv4 by the vector's version; other for anything else. */
    static Vulnerability.Rating.Method method(String cvssVersion) {
        return switch (cvssVersion == null ? "" : cvssVersion) {
            case "2.0", "2" -> Vulnerability.Rating.Method.CVSSV2;
            case "3.0", "3" -> Vulnerability.Rating.Method.CVSSV3;
            case "3.1" -> Vulnerability.Rating.Method.CVSSV31;
            case "4.0", "4" -> Vulnerability.Rating.Method.CVSSV4;
            default -> Vulnerability.Rating.Method.OTHER;
        };
    }

    private static boolean isDistribution(String source) {
        return source != null && !source.equals("cvss") && !source.equals("nvd") && !source.equals("none");
    }

    private static String recommendation(Finding f) {
        if (!f.fixable()) {
            return f.status() == FixStatus.AFFECTED ? "No fixed version of " + f.matchedName() + " is available yet."
                    : f.matchedName() + ": " + f.status().sentence();
        }
        String upgrade = "Upgrade " + f.pkg().name() + " to " + f.fixedVersion()
                + (f.command() == null ? "." : ": " + f.command());
        return f.pkg().layer() == null ? upgrade
                : upgrade + (f.baseLayer() ? " (it comes with the base image: rebuild on a newer base)"
                        : " (in the build step of the layer that installs it)");
    }

    private static Vulnerability.Source source(String id) {
        Vulnerability.Source s = new Vulnerability.Source();
        if (id.startsWith("CVE-")) {
            s.setName("NVD");
            s.setUrl("https://nvd.nist.gov/vuln/detail/" + id);
        } else {
            s.setName("OSV");
            s.setUrl("https://osv.dev/vulnerability/" + id);
        }
        return s;
    }

    private static Vulnerability.Reference reference(String id, String sourceName, String url) {
        Vulnerability.Reference r = new Vulnerability.Reference();
        r.setId(id);
        Vulnerability.Source s = new Vulnerability.Source();
        s.setName(sourceName);
        if (url != null) {
            s.setUrl(url);
        }
        r.setSource(s);
        return r;
    }

    private static Vulnerability.Version version(String version, Vulnerability.Version.Status status) {
        Vulnerability.Version v = new Vulnerability.Version();
        v.setVersion(version);
        v.setStatus(status);
        return v;
    }

    private static void property(List<Property> props, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        Property p = new Property();
        p.setName(CycloneDxWriter.PREFIX + name);
        p.setValue(value);
        props.add(p);
    }
}
