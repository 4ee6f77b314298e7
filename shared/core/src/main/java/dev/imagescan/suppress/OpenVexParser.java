package dev.imagescan.suppress;

import dev.imagescan.report.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the statements of an OpenVEX document (https://github.com/openvex/spec, v0.2.0; the earlier {@code v0.0.x}
 * layout with string vulnerabilities and products is read too). A statement's vulnerability is its {@code name},
 * {@code @id} and {@code aliases}; its products are their {@code @id} or {@code identifiers.purl} with their
 * {@code subcomponents}. {@code not_affected} needs a {@code justification} or an {@code impact_statement}, as the
 * specification requires; the status and justification must be ones it defines.
 */
final class OpenVexParser {
    private static final Set<String> STATUSES = Set.of("not_affected", "affected", "fixed", "under_investigation");
    private static final Set<String> JUSTIFICATIONS = Set.of("component_not_present", "vulnerable_code_not_present",
            "vulnerable_code_not_in_execute_path", "vulnerable_code_cannot_be_controlled_by_adversary",
            "inline_mitigations_already_exist");

    private OpenVexParser() {}

    /** The statements of {@code doc}, numbered on from {@code order}. */
    static List<VexStatement> statements(Map<String, Object> doc, String file, int order) {
        Instant docTime = Documents.time(doc.get("timestamp"), file, "timestamp");
        Instant docUpdated = Documents.time(doc.get("last_updated"), file, "last_updated");
        List<Object> raw = Documents.list(doc.get("statements"), file, "statements");
        List<VexStatement> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "statements[" + i + "]";
            Map<String, Object> s = Documents.object(raw.get(i), file, at);
            Set<String> ids = ids(s.get("vulnerability"), file, at + ".vulnerability");
            String status = Documents.string(s.get("status"), file, at + ".status");
            if (status == null || !STATUSES.contains(status)) {
                throw new SuppressionFormatException(file, at + ".status: '" + status + "' is not one of "
                        + "not_affected, affected, fixed, under_investigation");
            }
            String justification = Documents.string(s.get("justification"), file, at + ".justification");
            if (justification != null && !JUSTIFICATIONS.contains(justification)) {
                throw new SuppressionFormatException(file, at + ".justification: '" + justification
                        + "' is not an OpenVEX justification");
            }
            String impact = Documents.string(s.get("impact_statement"), file, at + ".impact_statement");
            if (status.equals("not_affected") && justification == null && impact == null) {
                throw new SuppressionFormatException(file, at + ": not_affected needs a justification or an"
                        + " impact_statement");
            }
            String notes = Documents.string(s.get("status_notes"), file, at + ".status_notes");
            Instant time = Documents.time(s.get("last_updated"), file, at + ".last_updated");
            if (time == null) {
                time = Documents.time(s.get("timestamp"), file, at + ".timestamp");
            }
            if (time == null) {
                time = docUpdated != null ? docUpdated : docTime;
            }
            Suppression suppression = new Suppression(Suppression.Kind.OPENVEX, status, justification,
                    impact != null ? impact : notes, file);
            out.add(new VexStatement(ids, products(s.get("products"), file, at + ".products"), status, suppression,
                    time, order + i));
        }
        return out;
    }

    private static Set<String> ids(Object value, String file, String at) {
        Set<String> ids = new LinkedHashSet<>();
        if (value instanceof String s) {
            ids.add(FindingKeys.key(s));
            return ids;
        }
        Map<String, Object> v = Documents.object(value, file, at);
        String name = Documents.string(v.get("name"), file, at + ".name");
        String id = Documents.string(v.get("@id"), file, at + ".@id");
        if (name == null && id == null) {
            throw new SuppressionFormatException(file, at + ": needs a name or an @id");
        }
        if (name != null) {
            ids.add(FindingKeys.key(name));
        }
        if (id != null) {
            ids.add(FindingKeys.key(id));
        }
        Documents.strings(v.get("aliases"), file, at + ".aliases").forEach(a -> ids.add(FindingKeys.key(a)));
        return ids;
    }

    private static List<VexStatement.Product> products(Object value, String file, String at) {
        List<Object> raw = Documents.list(value, file, at);
        List<VexStatement.Product> products = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String pat = at + "[" + i + "]";
            if (raw.get(i) instanceof String s) {
                products.add(new VexStatement.Product(s, List.of()));
                continue;
            }
            Map<String, Object> p = Documents.object(raw.get(i), file, pat);
            List<String> subs = new ArrayList<>();
            List<Object> rawSubs = Documents.list(p.get("subcomponents"), file, pat + ".subcomponents");
            for (int j = 0; j < rawSubs.size(); j++) {
                String sat = pat + ".subcomponents[" + j + "]";
                String purl = purl(Documents.object(rawSubs.get(j), file, sat), file, sat);
                if (purl != null) {
                    subs.add(purl);
                }
            }
            products.add(new VexStatement.Product(purl(p, file, pat), subs));
        }
        return products;
    }

    /** A component's package URL: its {@code identifiers.purl}, else its {@code @id} when that is one. */
    private static String purl(Map<String, Object> component, String file, String at) {
        Object identifiers = component.get("identifiers");
        if (identifiers != null) {
            String purl = Documents.string(Documents.object(identifiers, file, at + ".identifiers").get("purl"),
                    file, at + ".identifiers.purl");
            if (purl != null) {
                return purl;
            }
        }
        return Documents.string(component.get("@id"), file, at + ".@id");
    }
}
