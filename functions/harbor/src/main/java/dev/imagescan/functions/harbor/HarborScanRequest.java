package dev.imagescan.functions.harbor;

import java.net.URI;
import java.util.List;

/**
 * A scan request Harbor sent, checked ({@link ScanRequestReader}).
 *
 * @param registry      the registry's base URL ({@code https://core.harbor.domain})
 * @param authorization the {@code Authorization} value for pulling (a robot account's), null when none; carried
 *                      with the scan job only
 * @param repository    {@code library/mongo}
 * @param digest        the artifact's manifest digest
 * @param tag           its tag, null when none
 * @param mimeType      its manifest's media type, null when Harbor gave none
 * @param capabilities  the capabilities asked for ({@code vulnerability}, {@code sbom})
 */
record HarborScanRequest(URI registry, String authorization, String repository, String digest, String tag,
        String mimeType, List<String> capabilities) {
    HarborScanRequest {
        capabilities = List.copyOf(capabilities);
    }

    /** {@code host[:port]}, as image references name registries. */
    String registryHost() {
        return registry.getPort() < 0 ? registry.getHost() : registry.getHost() + ":" + registry.getPort();
    }

    /** The image as the scan job names it: {@code host[:port]/repository@sha256:…}. */
    String image() {
        return registryHost() + "/" + repository + "@" + digest;
    }

    /** This request without its credentials: what is stored to answer the report. */
    HarborScanRequest withoutAuthorization() {
        return new HarborScanRequest(registry, null, repository, digest, tag, mimeType, capabilities);
    }

    @Override
    public String toString() {
        return "HarborScanRequest[" + image() + (authorization == null ? "" : ", authorization=****") + "]";
    }
}
