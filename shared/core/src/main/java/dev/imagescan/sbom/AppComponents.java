package dev.imagescan.sbom;

import com.github.packageurl.PackageURL;
import dev.imagescan.analyzer.python.PythonAnalyzer;
import dev.imagescan.inventory.AppLocation;
import dev.imagescan.inventory.PackageType;

/**
 * An SBOM's application components as the analyzers would have found them: the name their OSV ecosystem uses
 * ({@code group:artifact}, {@code @scope/name}, the PEP 503 name, the module path, {@code vendor/name}, the gem, NuGet
 * id or crate), and where they were found: the component's first {@code evidence.occurrences[].location}, else
 * Trivy's {@code FilePath}, else Syft's first location; the application from this scanner's own property, else
 * derived from that path as the analyzers derive it (the outer archive, the directory holding {@code node_modules},
 * {@code site-packages}, {@code specifications} or {@code vendor}, the binary or {@code deps.json}). A component
 * with no location at all (a source SBOM's) has an empty path and application.
 */
final class AppComponents {
    private AppComponents() {}

    /** The name the package's OSV ecosystem uses. */
    static String name(PackageType type, PackageURL purl) {
        String namespace = purl.getNamespace();
        String name = purl.getName();
        return switch (type) {
            case MAVEN -> namespace == null ? name : namespace + ":" + name;
            case NPM, GOLANG, COMPOSER -> namespace == null ? name : namespace + "/" + name;
            case PYPI -> PythonAnalyzer.normalize(name);
            default -> name;
        };
    }

    /** Where the component was found, as far as the BOM says. */
    static AppLocation location(PackageType type, BomComponent c, String purl) {
        String path = strip(firstNonBlank(c.location(), c.property(PropertyNames.TRIVY_FILE_PATH),
                c.property(PropertyNames.SYFT_LOCATION)));
        String ours = c.property(PropertyNames.OUR_APP_APPLICATION);
        String application = ours != null ? strip(ours) : application(type, path);
        String evidence = firstNonBlank(c.property(PropertyNames.OUR_APP_EVIDENCE), "sbom");
        String confidence = firstNonBlank(c.property(PropertyNames.OUR_APP_CONFIDENCE), "medium");
        return new AppLocation(path, application, evidence, confidence, c.sha1(), purl, c.sha256());
    }

    /** The application a package found at {@code path} belongs to, as the analyzers decide it. */
    static String application(PackageType type, String path) {
        if (path.isEmpty()) {
            return "";
        }
        return switch (type) {
            case MAVEN -> {
                int nested = path.indexOf("!/");
                yield nested < 0 ? path : path.substring(0, nested);
            }
            case NPM -> before(path, "node_modules/");
            case PYPI -> {
                int at = Math.max(path.lastIndexOf("site-packages/"), path.lastIndexOf("dist-packages/"));
                yield at < 0 ? parent(path) : path.substring(0, at + "site-packages".length());
            }
            case GEM -> before(path, "specifications/");
            case COMPOSER -> before(path, "vendor/");
            default -> path; // the binary, the deps.json
        };
    }

    /** The directory holding the first {@code marker} directory in {@code path}, else {@code path}'s parent. */
    private static String before(String path, String marker) {
        int at = path.startsWith(marker) ? 0 : path.indexOf("/" + marker);
        if (at < 0) {
            return parent(path);
        }
        return at == 0 ? "" : path.substring(0, at);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String strip(String path) {
        if (path == null) {
            return "";
        }
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
