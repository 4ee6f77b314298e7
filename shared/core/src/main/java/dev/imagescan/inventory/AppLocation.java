package dev.imagescan.inventory;

import java.util.Objects;

/**
 * Where an application package (a language ecosystem's) was found in the image, and how sure its identity is.
 *
 * @param path        the file its identity was read from, from the root without a leading slash; inside an archive
 *                    after {@code !/} ({@code app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar})
 * @param application the application it belongs to, where it would be upgraded: the Java archive, the directory
 *                    holding {@code node_modules} (or the {@code package-lock.json}), the {@code site-packages}
 *                    directory, the Go or Rust binary, the gem home (holding {@code specifications}), the .NET
 *                    application's {@code *.deps.json}, the Composer project (holding {@code vendor})
 * @param evidence    what the identity was read from: {@code pom.properties}, {@code MANIFEST.MF},
 *                    {@code package.json}, {@code package-lock.json}, {@code METADATA}, {@code PKG-INFO},
 *                    {@code go buildinfo}, {@code gemspec}, {@code deps.json}, {@code installed.json},
 *                    {@code cargo-auditable}
 * @param confidence  {@code high} when the identity is the ecosystem's own record (pom.properties, package.json,
 *                    METADATA, build info), {@code medium} when it is read from a manifest's free fields
 * @param sha1        the SHA-1 of the archive the package was found in (Java archives); null otherwise
 * @param purl        its package URL ({@code pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1})
 * @param sha256      the SHA-256 of the file the package was read from, as the layer streamed by: the archive (for a
 *                    nested one, its inflated bytes), the Go or Rust binary, the metadata file ({@code METADATA},
 *                    {@code package.json}, the lockfile, the gemspec, the {@code deps.json}, the
 *                    {@code installed.json}, the zipped egg); null when not known (an SBOM that gave none)
 */
public record AppLocation(String path, String application, String evidence, String confidence, String sha1,
        String purl, String sha256) {

    public AppLocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(application, "application");
    }

    /** A location whose file's SHA-256 is not known. */
    public AppLocation(String path, String application, String evidence, String confidence, String sha1,
            String purl) {
        this(path, application, evidence, confidence, sha1, purl, null);
    }

    /** This location with the SHA-256 of its file. */
    public AppLocation withSha256(String fileSha256) {
        return new AppLocation(path, application, evidence, confidence, sha1, purl, fileSha256);
    }
}
