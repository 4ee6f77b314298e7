package dev.imagescan.functions.harbor;

import java.util.List;
import java.util.Locale;

/** The media types of Harbor's Pluggable Scanner API v1.2 (docs/harbor/scanner-adapter-openapi-v1.2.yaml). */
final class HarborMediaTypes {
    static final String METADATA = "application/vnd.scanner.adapter.metadata+json; version=1.1";
    static final String SCAN_REQUEST = "application/vnd.scanner.adapter.scan.request+json";
    static final String SCAN_RESPONSE = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    static final String ERROR = "application/vnd.scanner.adapter.error+json; version=1.0";
    static final String HARBOR_REPORT = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
    static final String SECURITY_REPORT = "application/vnd.security.vulnerability.report; version=1.1";
    static final String RAW_REPORT = "application/vnd.scanner.adapter.vuln.report.raw";
    static final String SBOM_REPORT = "application/vnd.security.sbom.report+json; version=1.0";
    static final String CYCLONEDX = "application/vnd.cyclonedx+json";
    static final String SPDX = "application/spdx+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** The artifacts scanned: image manifests, OCI and Docker schema 2. */
    static final List<String> CONSUMED = List.of(OCI_MANIFEST, DOCKER_MANIFEST);
    /** The vulnerability reports produced, the default first. */
    static final List<String> VULNERABILITY_REPORTS = List.of(SECURITY_REPORT, HARBOR_REPORT, RAW_REPORT);
    /** The SBOM formats produced inside {@link #SBOM_REPORT}. */
    static final List<String> SBOM_FORMATS = List.of(CYCLONEDX, SPDX);

    private HarborMediaTypes() {}

    /** {@code Type/Sub ; Version = 1.1} → {@code type/sub;version=1.1}: parameters kept, blanks and case dropped. */
    static String normalize(String mediaType) {
        StringBuilder out = new StringBuilder();
        for (String part : mediaType.split(";")) {
            String p = part.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*=\\s*", "=");
            if (p.isEmpty() || p.startsWith("q=")) {
                continue;
            }
            out.append(out.length() == 0 ? "" : ";").append(p);
        }
        return out.toString();
    }

    /** Whether {@code a} and {@code b} name the same media type (case, blanks and a {@code q} weight aside). */
    static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
