package dev.imagescan.sbom;

import dev.imagescan.inventory.Inventory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a CycloneDX JSON SBOM (spec 1.4, 1.5 or 1.6) into an {@link Inventory}, so the packages of an image someone
 * else inventoried can be matched like those of a scanned one.
 *
 * <ul>
 *   <li><b>Packages</b>: every component, nested ones included, whose package URL is of type {@code deb}, {@code apk}
 *       or {@code rpm}. Name, version ({@code epoch} qualifier as the {@code epoch:} prefix, as the analyzers write
 *       versions), {@code arch}; rpm's separate epoch/version/release, vendor and modularity label where the BOM says.
 *       The source package comes from this scanner's {@code imagescan:source:*} properties, Trivy's
 *       {@code aquasecurity:trivy:Src*}, the purl's {@code upstream} qualifier ({@code glibc}, {@code glibc@2.36-9},
 *       or a SOURCERPM file name for rpm), or Syft's {@code syft:metadata:source}/{@code sourceVersion},
 *       {@code originPackage}, {@code sourceRpm}; else the package is its own source. The layer comes from
 *       {@code imagescan:layer:*} or Trivy's {@code LayerDiffID} (position unknown: -1), else it is null.</li>
 *   <li><b>Operating system</b>: the first {@code operating-system} component, else the packages' {@code distro}
 *       qualifiers ({@code debian-12}, {@code 3.20.3}, {@code bookworm} …), else their purl namespace.</li>
 *   <li><b>Image</b>: {@code metadata.component}'s name (else the SBOM's name), format {@code cyclonedx}, digests and
 *       tags from this scanner's properties, Trivy's ({@code ImageID}, {@code RepoDigest}, {@code RepoTag}) or Syft's
 *       component version (the manifest digest); null when the BOM does not say.</li>
 * </ul>
 *
 * A component that cannot be used (unparseable purl, no version, bad epoch) is left out with a warning; components of
 * other ecosystems and package-like components without a purl are counted in one warning each. A document that is not
 * JSON, is truncated, is not CycloneDX, has an unsupported spec version, breaks the schema's structure or exceeds
 * {@link #MAX_BYTES} is an {@link SbomFormatException}; an I/O failure is an {@link UncheckedIOException}.
 */
public final class CycloneDxSbomReader {
    /** The largest SBOM read: far above real ones (tens of MiB for big images), low enough to bound memory and time. */
    public static final long MAX_BYTES = 256L << 20;
    /** The CycloneDX spec versions accepted. */
    public static final List<String> SPEC_VERSIONS = List.of("1.4", "1.5", "1.6");

    private CycloneDxSbomReader() {}

    /** Reads the SBOM file {@code file}. */
    public static Inventory read(Path file) {
        return read(file, MAX_BYTES);
    }

    /** Reads an SBOM from {@code in} (not closed); {@code name} names it in messages and when it names no image. */
    public static Inventory read(InputStream in, String name) {
        return read(in, name, MAX_BYTES);
    }

    static Inventory read(Path file, long maxBytes) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new SbomFormatException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new SbomFormatException(file + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(name, maxBytes, size + " bytes,");
            }
            return read(in, name, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    static Inventory read(InputStream in, String name, long maxBytes) {
        return BomInventory.of(BomParser.parse(new CappedInputStream(in, name, maxBytes), name));
    }

    private static SbomFormatException tooLarge(String name, long maxBytes, String size) {
        return new SbomFormatException(name + ": " + size + " over the " + limit(maxBytes) + " limit for an SBOM");
    }

    private static String limit(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + "-byte";
    }

    /** Fails the read, rather than cutting it short, once more than {@code maxBytes} have come through. */
    private static final class CappedInputStream extends FilterInputStream {
        private final String name;
        private final long maxBytes;
        private long count;

        CappedInputStream(InputStream in, String name, long maxBytes) {
            super(in);
            this.name = name;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge(name, maxBytes, "the document is");
            }
        }
    }
}
