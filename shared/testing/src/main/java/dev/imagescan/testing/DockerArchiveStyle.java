package dev.imagescan.testing;

/**
 * The docker-archive flavours met in the wild. All keep the config bytes as they are and, except
 * {@link #CRANE}, store layers uncompressed.
 */
public enum DockerArchiveStyle {
  /**
   * {@code docker save} up to Docker 24: {@code <id>/layer.tar} (real files), {@code <id>/json},
   * {@code <id>/VERSION}, {@code <config-hex>.json}, {@code manifest.json} whose Layers are
   * {@code <id>/layer.tar}, {@code repositories} when tagged.
   */
  CLASSIC,
  /**
   * skopeo / containers-image (and the corpus' alpine-3.9.6.docker.tar): layers as
   * {@code <diffid-hex>.tar}, {@code manifest.json} Layers naming those, and the legacy
   * {@code <id>/layer.tar} written as symlinks to {@code ../<diffid-hex>.tar}, plus {@code <id>/json},
   * {@code <id>/VERSION}, {@code repositories} when tagged.
   */
  SKOPEO,
  /**
   * Like {@link #SKOPEO}, but {@code manifest.json} Layers name the {@code <id>/layer.tar} symlinks,
   * so a reader must resolve in-archive symlinks to find the layers. (Docker's loader follows them;
   * skopeo 1.9.3 reads the symlink header's size, 0, and fails "Size mismatch ... expected 0".)
   */
  SKOPEO_MANIFEST_VIA_SYMLINKS,
  /**
   * {@code docker save} from Docker 25 on: an OCI image layout ({@code blobs/sha256/<hex>} with
   * uncompressed layer blobs, {@code index.json}, {@code oci-layout}) plus a {@code manifest.json}
   * whose Config and Layers are {@code blobs/sha256/<hex>} paths, and {@code repositories}.
   */
  DOCKER_OCI,
  /**
   * go-containerregistry's tarball (crane, kaniko, ko): config {@code sha256:<hex>}, layers kept as
   * built, compressed, named {@code <blob-hex>.tar.gz} ({@code .tar} for uncompressed,
   * {@code .tar.zst} for zstd); no legacy directories, no repositories file.
   */
  CRANE
}
