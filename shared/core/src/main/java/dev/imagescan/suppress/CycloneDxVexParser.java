package dev.imagescan.suppress;

import dev.imagescan.report.Suppression;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the VEX statements of a CycloneDX document, spec 1.4 to 1.6: each {@code vulnerabilities[]} entry with an
 * {@code analysis} is one statement about its {@code id} (and the ids of its {@code references}) in the components
 * its {@code affects[].ref} point at — a {@code bom-ref} of the same document, a BOM-Link
 * ({@code urn:cdx:SERIAL/VERSION#BOM-REF}) or a package URL. The states map onto VEX statuses:
 * {@code not_affected} and {@code false_positive} are not_affected, {@code resolved} and
 * {@code resolved_with_pedigree} are fixed, {@code exploitable} and {@code in_triage} are affected (they suppress
 * nothing and override an older statement). An entry without analysis says nothing and is skipped.
 */
final class CycloneDxVexParser {
    private static final Set<String> SPEC_VERSIONS = Set.of("1.4", "1.5", "1.6");
    private static final Set<String> JUSTIFICATIONS = Set.of("code_not_present", "code_not_reachable",
            "requires_configuration", "requires_dependency", "requires_environment", "protected_by_compiler",
            "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control");
    private static final int MAX_DEPTH = 32;

    private CycloneDxVexParser() {}

    /** The statements of {@code doc}, numbered on from {@code order}. */
    static List<VexStatement> statements(Map<String, Object> doc, String file, int order) {
        String spec = Documents.string(doc.get("specVersion"), file, "specVersion");
        if (!SPEC_VERSIONS.contains(spec)) {
            throw new SuppressionFormatException(file, "specVersion " + spec + ": CycloneDX 1.4 to 1.6 are read");
        }
        Map<String, String> purls = new HashMap<>();
        Object metadata = doc.get("metadata");
        Instant docTime = null;
        if (metadata != null) {
            Map<String, Object> m = Documents.object(metadata, file, "metadata");
            docTime = Documents.time(m.get("timestamp"), file, "metadata.timestamp");
            if (m.get("component") != null) {
                components(List.of(m.get("component")), file, "metadata.component", purls, 0);
            }
        }
        components(Documents.list(doc.get("components"), file, "components"), file, "components", purls, 0);
        List<Object> raw = Documents.list(doc.get("vulnerabilities"), file, "vulnerabilities");
        List<VexStatement> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "vulnerabilities[" + i + "]";
            Map<String, Object> v = Documents.object(raw.get(i), file, at);
            if (v.get("analysis") == null) {
                continue;
            }
            Map<String, Object> a = Documents.object(v.get("analysis"), file, at + ".analysis");
            String state = Documents.string(a.get("state"), file, at + ".analysis.state");
            String status = status(state, file, at + ".analysis.state");
            String justification = Documents.string(a.get("justification"), file, at + ".analysis.justification");
            if (justification != null && !JUSTIFICATIONS.contains(justification)) {
                throw new SuppressionFormatException(file, at + ".analysis.justification: '" + justification
                        + "' is not a CycloneDX justification");
            }
            if (justification == null && "false_positive".equals(state)) {
                justification = "false_positive";
            }
            Set<String> ids = new LinkedHashSet<>();
            String id = Documents.string(v.get("id"), file, at + ".id");
            if (id == null) {
                throw new SuppressionFormatException(file, at + ": missing id");
            }
            ids.add(FindingKeys.key(id));
            List<Object> refs = Documents.list(v.get("references"), file, at + ".references");
            for (int j = 0; j < refs.size(); j++) {
                String rid = Documents.string(Documents.object(refs.get(j), file, at + ".references[" + j + "]")
                        .get("id"), file, at + ".references[" + j + "].id");
                if (rid != null) {
                    ids.add(FindingKeys.key(rid));
                }
            }
            List<VexStatement.Product> products = new ArrayList<>();
            List<Object> affects = Documents.list(v.get("affects"), file, at + ".affects");
            for (int j = 0; j < affects.size(); j++) {
                String aat = at + ".affects[" + j + "]";
                String ref = Documents.string(Documents.object(affects.get(j), file, aat).get("ref"), file,
                        aat + ".ref");
                products.add(new VexStatement.Product(resolve(ref, purls), List.of()));
            }
            Instant time = Documents.time(a.get("lastUpdated"), file, at + ".analysis.lastUpdated");
            if (time == null) {
                time = Documents.time(v.get("updated"), file, at + ".updated");
            }
            Suppression suppression = new Suppression(Suppression.Kind.CYCLONEDX_VEX, status, justification,
                    Documents.string(a.get("detail"), file, at + ".analysis.detail"), file);
            out.add(new VexStatement(ids, products, status, suppression, time != null ? time : docTime, order + i));
        }
        return out;
    }

    private static String status(String state, String file, String at) {
        if (state == null) {
            throw new SuppressionFormatException(file, at + ": missing");
        }
        return switch (state) {
            case "not_affected", "false_positive" -> Suppression.NOT_AFFECTED;
            case "resolved", "resolved_with_pedigree" -> Suppression.FIXED;
            case "exploitable", "in_triage" -> "affected";
            default -> throw new SuppressionFormatException(file, at + ": '" + state + "' is not a CycloneDX"
                    + " analysis state");
        };
    }

    /** Records the purl of every component with a bom-ref, nested components included. */
    private static void components(List<Object> list, String file, String at, Map<String, String> purls, int depth) {
        if (depth > MAX_DEPTH) {
            throw new SuppressionFormatException(file, at + ": components nested deeper than " + MAX_DEPTH);
        }
        for (int i = 0; i < list.size(); i++) {
            String cat = list.size() == 1 && at.equals("metadata.component") ? at : at + "[" + i + "]";
            Map<String, Object> c = Documents.object(list.get(i), file, cat);
            String ref = Documents.string(c.get("bom-ref"), file, cat + ".bom-ref");
            String purl = Documents.string(c.get("purl"), file, cat + ".purl");
            if (ref != null && purl != null) {
                purls.put(ref, purl);
            }
            components(Documents.list(c.get("components"), file, cat + ".components"), file,
                    cat + ".components", purls, depth + 1);
        }
    }

    /** The package URL a reference stands for; null when it names none. */
    private static String resolve(String ref, Map<String, String> purls) {
        if (ref == null) {
            return null;
        }
        if (purls.containsKey(ref)) {
            return purls.get(ref);
        }
        String local = ref;
        int hash = ref.indexOf('#');
        if (ref.startsWith("urn:cdx:") && hash >= 0) {
            local = URLDecoder.decode(ref.substring(hash + 1), StandardCharsets.UTF_8);
            if (purls.containsKey(local)) {
                return purls.get(local);
            }
        }
        return local.startsWith("pkg:") ? local : null;
    }
}
