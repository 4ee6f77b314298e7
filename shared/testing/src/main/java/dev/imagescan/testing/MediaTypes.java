package dev.imagescan.testing;

/** Media type strings of the OCI image spec and of Docker's image manifest v2 schema 2. */
public final class MediaTypes {
    private MediaTypes() {}

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Deprecated by image-spec 1.1 but still met in the wild. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR =
            "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    /** Not a spec type: what ocicrypt writes for an encrypted layer; a scanner cannot read it. */
    public static final String OCI_LAYER_TAR_ENCRYPTED = "application/vnd.oci.image.layer.v1.tar+encrypted";
    public static final String OCI_LAYER_TAR_GZIP_ENCRYPTED =
            "application/vnd.oci.image.layer.v1.tar+gzip+encrypted";
    /** The empty descriptor of image-spec 1.1 ({@code {}}, for artifacts). */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST_LIST =
            "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_TAR_GZIP =
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
}
