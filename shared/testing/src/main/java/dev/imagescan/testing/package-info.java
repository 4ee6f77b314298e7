/**
 * Test fixtures that build real container images in code, for the scanner's tests and those of
 * the modules that depend on {@code imagescan-shared}'s test-jar.
 *
 * <pre>{@code
 * BuiltImage img = ImageBuilder.image()
 *     .layer(LayerBuilder.layer()
 *         .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
 *         .file("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n\n")
 *         .compression(Compression.GZIP))
 *     .layer(LayerBuilder.layer().whiteout("etc/os-release"))
 *     .repoTag("imagescan.test/alpine:3.20")
 *     .build();
 * img.writeOciArchive(dir.resolve("a.oci.tar"));
 * img.writeOciLayout(dir.resolve("layout"));
 * img.writeDockerArchive(dir.resolve("a.docker.tar"));                 // skopeo style
 * img.writeDockerArchive(dir.resolve("b.tar"), DockerArchiveStyle.CLASSIC);
 * img.writeOciArchive(dir.resolve("broken.tar"),
 *     Tamper.tamper().omitBlob(img.layers().get(0).digest()));        // dangling layer
 * IndexBuilder.index().add(img).add(armImage).writeOciArchive(dir.resolve("multi.tar"));
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.imagescan.testing.LayerBuilder} / {@link dev.imagescan.testing.BuiltLayer}: one
 *       layer tar, uncompressed, gzip or zstd, deterministic.
 *   <li>{@link dev.imagescan.testing.ImageBuilder} / {@link dev.imagescan.testing.BuiltImage}: config
 *       + manifest, and the writers (OCI layout, OCI archive, docker archive).
 *   <li>{@link dev.imagescan.testing.IndexBuilder} / {@link dev.imagescan.testing.BuiltIndex}:
 *       multi-platform images and nested indexes.
 *   <li>{@link dev.imagescan.testing.DockerArchiveWriter}, {@link
 *       dev.imagescan.testing.DockerArchiveStyle}: docker-archive flavours, several images per archive.
 *   <li>{@link dev.imagescan.testing.Tamper}: missing, replaced or truncated blobs, custom layer media
 *       types, extra or hostile outer entries, garbage after the archive, metadata-first order.
 *   <li>{@link dev.imagescan.testing.HostileLayers}, {@link dev.imagescan.testing.Gzip}: bombs,
 *       lying tar headers, path escapes, truncated tars.
 *   <li>{@link dev.imagescan.testing.ImageConverter}: real OCI images to docker archives and back,
 *       streaming.
 *   <li>{@link dev.imagescan.testing.ImageChecks}, {@link dev.imagescan.testing.TarContents}: read
 *       results back and check their consistency in assertions.
 * </ul>
 */
package dev.imagescan.testing;
