package dev.imagescan.sbom;

import dev.imagescan.report.CycloneDxWriter;
import java.util.Set;

/**
 * The CycloneDX property names the reader understands: this scanner's own ({@code imagescan:}, written by
 * {@link CycloneDxWriter}), Trivy's ({@code aquasecurity:trivy:}) and Syft's ({@code syft:metadata:},
 * {@code syft:distro:}). Other properties are dropped while parsing, so a large SBOM costs little memory.
 */
final class PropertyNames {
    static final String OURS = CycloneDxWriter.PREFIX;
    static final String OUR_ARCH = OURS + "package:arch";
    static final String OUR_SOURCE_NAME = OURS + "source:name";
    static final String OUR_SOURCE_VERSION = OURS + "source:version";
    static final String OUR_LAYER_INDEX = OURS + "layer:index";
    static final String OUR_LAYER_DIFF_ID = OURS + "layer:diff_id";
    static final String OUR_RPM_EPOCH = OURS + "rpm:epoch";
    static final String OUR_RPM_VENDOR = OURS + "rpm:vendor";
    static final String OUR_RPM_MODULARITY_LABEL = OURS + "rpm:modularity_label";
    static final String OUR_CONFIG_DIGEST = OURS + "image:config_digest";
    static final String OUR_MANIFEST_DIGEST = OURS + "image:manifest_digest";
    static final String OUR_PLATFORM = OURS + "image:platform";
    static final String OUR_LAYER = OURS + "image:layer_diff_id";
    static final String OUR_OS_NAME = OURS + "os:name";
    static final String OUR_OS_SOURCE = OURS + "os:source";
    static final String OUR_OS_DISTROLESS = OURS + "os:distroless";

    static final String TRIVY = "aquasecurity:trivy:";
    static final String TRIVY_SRC_NAME = TRIVY + "SrcName";
    static final String TRIVY_SRC_VERSION = TRIVY + "SrcVersion";
    static final String TRIVY_SRC_RELEASE = TRIVY + "SrcRelease";
    static final String TRIVY_SRC_EPOCH = TRIVY + "SrcEpoch";
    static final String TRIVY_LAYER_DIFF_ID = TRIVY + "LayerDiffID";
    static final String TRIVY_MODULARITY_LABEL = TRIVY + "Modularitylabel";
    static final String TRIVY_IMAGE_ID = TRIVY + "ImageID";
    static final String TRIVY_REPO_DIGEST = TRIVY + "RepoDigest";
    static final String TRIVY_REPO_TAG = TRIVY + "RepoTag";

    static final String SYFT_SOURCE = "syft:metadata:source";
    static final String SYFT_SOURCE_VERSION = "syft:metadata:sourceVersion";
    static final String SYFT_ORIGIN = "syft:metadata:originPackage";
    static final String SYFT_SOURCE_RPM = "syft:metadata:sourceRpm";
    static final String SYFT_EPOCH = "syft:metadata:epoch";
    static final String SYFT_VENDOR = "syft:metadata:vendor";
    static final String SYFT_MODULARITY_LABEL = "syft:metadata:modularityLabel";
    static final String SYFT_DISTRO_ID = "syft:distro:id";
    static final String SYFT_DISTRO_VERSION_ID = "syft:distro:versionID";
    static final String SYFT_DISTRO_PRETTY_NAME = "syft:distro:prettyName";
    static final String SYFT_LOCATION = "syft:location:0:path";
    static final String TRIVY_FILE_PATH = TRIVY + "FilePath";
    static final String OUR_APP_APPLICATION = OURS + "app:application";
    static final String OUR_APP_EVIDENCE = OURS + "app:evidence";
    static final String OUR_APP_CONFIDENCE = OURS + "app:confidence";

    private static final Set<String> SYFT_KEPT = Set.of(SYFT_SOURCE, SYFT_SOURCE_VERSION, SYFT_ORIGIN, SYFT_SOURCE_RPM,
            SYFT_EPOCH, SYFT_VENDOR, SYFT_MODULARITY_LABEL, SYFT_DISTRO_ID, SYFT_DISTRO_VERSION_ID,
            SYFT_DISTRO_PRETTY_NAME, SYFT_LOCATION);

    private PropertyNames() {}

    /** Whether the parser keeps a property of this name. */
    static boolean isKept(String name) {
        return name.startsWith(OURS) || name.startsWith(TRIVY) || SYFT_KEPT.contains(name);
    }
}
