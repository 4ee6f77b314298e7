package dev.imagescan.image;

/** The kinds of image source the scanner reads. */
public enum ImageFormat {
    /** {@code docker save} / skopeo {@code docker-archive:} tar with {@code manifest.json}. */
    DOCKER_ARCHIVE,
    /** An OCI image layout packed in a tar ({@code oci-archive:}). */
    OCI_ARCHIVE,
    /** An OCI image layout directory. */
    OCI_LAYOUT,
    /** An image in a registry (OCI Distribution API): manifest and config fetched, layers streamed. */
    REGISTRY
}
