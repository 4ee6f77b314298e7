package dev.imagescan.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.imagescan.analyzer.rpm.SourceRpm;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the BOM's components into OS packages and application packages, one at a time, and keeps count of what it
 * left out. Identity comes from the package URL (type, name, version, {@code arch} and {@code epoch} qualifiers); the
 * source package and layer from this scanner's own properties, then Trivy's, then the purl's {@code upstream}
 * qualifier, then Syft's properties; without any, a package is its own source. An application package
 * ({@code pkg:maven}, {@code pkg:npm}, {@code pkg:pypi}, …) is named as its OSV ecosystem names it (by
 * {@link AppComponents}) and placed where the BOM says it was found.
 */
final class PackageMapper {
    /** Component types that are never packages themselves, so a missing purl is expected and not worth a warning. */
    private static final List<String> NOT_PACKAGES = List.of("operating-system", "container", "application", "file",
            "platform", "device", "device-driver", "firmware", "data", "machine-learning-model", "cryptographic-asset");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,18}");

    private final List<String> layerOrder;
    private final List<Package> packages = new ArrayList<>();
    private final List<Distros.Distro> distros = new ArrayList<>();
    private final Map<String, Integer> otherTypes = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private int withoutPurl;

    /** @param layerOrder the image's layer diffIDs bottom first, when the BOM gives their order; else empty */
    PackageMapper(List<String> layerOrder) {
        this.layerOrder = List.copyOf(layerOrder);
    }

    void add(BomComponent c) {
        if (c.purl() == null || c.purl().isBlank()) {
            if (c.type() == null || !NOT_PACKAGES.contains(c.type())) {
                withoutPurl++;
            }
            return;
        }
        PackageURL purl;
        try {
            purl = new PackageURL(c.purl().trim());
        } catch (MalformedPackageURLException | RuntimeException e) { // whichever way the library refuses one
            problems.add(c.describe() + ": package URL \"" + c.purl() + "\" cannot be parsed (" + e.getMessage() + ")");
            return;
        }
        PackageType type = type(purl.getType());
        if (type == null) {
            otherTypes.merge(purl.getType(), 1, Integer::sum);
            return;
        }
        try {
            packages.add(toPackage(type, purl, c));
            if (type.isOs()) {
                distros.add(Distros.fromPurl(purl.getNamespace(), qualifier(purl, "distro")));
            }
        } catch (BadComponent e) {
            problems.add(c.describe() + ": " + e.getMessage());
        }
    }

    List<Package> packages() {
        return packages;
    }

    /** What each OS package's purl says about the distribution, in document order. */
    List<Distros.Distro> distros() {
        return distros;
    }

    /** Package URL type → how many components of that non-OS type were left out. */
    Map<String, Integer> otherTypes() {
        return otherTypes;
    }

    /** Components of a package-like type (library, framework …) without a package URL. */
    int withoutPurl() {
        return withoutPurl;
    }

    /** One message per component that looked like an OS package but could not be used. */
    List<String> problems() {
        return problems;
    }

    private Package toPackage(PackageType type, PackageURL purl, BomComponent c) {
        String name = purl.getName();
        String version = firstNonBlank(purl.getVersion(), c.version());
        if (version == null) {
            throw new BadComponent("package URL " + purl.canonicalize() + " has no version");
        }
        String arch = firstNonBlank(qualifier(purl, "arch"), c.property(PropertyNames.OUR_ARCH));
        Long epoch = epoch(qualifier(purl, "epoch"), "epoch qualifier");
        InstalledPackage.RpmFields rpm = null;
        String fullVersion;
        switch (type) {
            case RPM -> {
                rpm = rpmFields(version, epoch, c);
                fullVersion = (rpm.epoch() == null ? "" : rpm.epoch() + ":") + rpm.version() + "-" + rpm.release();
            }
            case DEB -> fullVersion = epoch == null || epoch == 0 || version.contains(":") ? version : epoch + ":" + version;
            default -> fullVersion = version;
        }
        if (!type.isOs()) {
            String appName = AppComponents.name(type, purl);
            return new Package(type, appName, fullVersion, null, new SourcePackage(appName, fullVersion),
                    purl.canonicalize(), layer(c), null, AppComponents.location(type, c, purl.canonicalize()));
        }
        SourcePackage source = source(type, purl, c, name, fullVersion, rpm);
        return new Package(type, name, fullVersion, arch, source, purl.canonicalize(), layer(c), rpm);
    }

    /** {@code [epoch:]version-release} split; the epoch from the qualifier, the version string, or a property. */
    private static InstalledPackage.RpmFields rpmFields(String version, Long qualifierEpoch, BomComponent c) {
        Long epoch = qualifierEpoch;
        String rest = version;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            Long inVersion = epoch(rest.substring(0, colon), "epoch in version \"" + version + "\"");
            epoch = epoch != null ? epoch : inVersion;
            rest = rest.substring(colon + 1);
        }
        if (epoch == null) {
            epoch = epoch(firstNonBlank(c.property(PropertyNames.OUR_RPM_EPOCH), c.property(PropertyNames.SYFT_EPOCH)),
                    "epoch property");
        }
        int dash = rest.lastIndexOf('-');
        if (dash <= 0 || dash == rest.length() - 1) {
            throw new BadComponent("rpm version \"" + version + "\" has no release (version-release expected)");
        }
        String vendor = firstNonBlank(c.property(PropertyNames.OUR_RPM_VENDOR), c.property(PropertyNames.SYFT_VENDOR));
        String modularityLabel = firstNonBlank(c.property(PropertyNames.OUR_RPM_MODULARITY_LABEL),
                c.property(PropertyNames.TRIVY_MODULARITY_LABEL), c.property(PropertyNames.SYFT_MODULARITY_LABEL));
        return new InstalledPackage.RpmFields(epoch, rest.substring(0, dash), rest.substring(dash + 1), vendor,
                modularityLabel);
    }

    private static SourcePackage source(PackageType type, PackageURL purl, BomComponent c, String name,
            String fullVersion, InstalledPackage.RpmFields rpm) {
        String ours = c.property(PropertyNames.OUR_SOURCE_NAME);
        if (ours != null) {
            return new SourcePackage(ours, orDefault(c.property(PropertyNames.OUR_SOURCE_VERSION), fullVersion));
        }
        String trivy = c.property(PropertyNames.TRIVY_SRC_NAME);
        if (trivy != null) {
            return new SourcePackage(trivy, trivySourceVersion(c, fullVersion));
        }
        String upstream = qualifier(purl, "upstream");
        if (upstream != null) {
            Optional<SourcePackage> fromSrpm = type == PackageType.RPM ? sourceRpm(upstream, rpm) : Optional.empty();
            return fromSrpm.orElseGet(() -> nameAtVersion(upstream, fullVersion));
        }
        return switch (type) {
            case DEB -> {
                String syft = c.property(PropertyNames.SYFT_SOURCE);
                yield syft == null ? new SourcePackage(name, fullVersion)
                        : new SourcePackage(syft, orDefault(c.property(PropertyNames.SYFT_SOURCE_VERSION), fullVersion));
            }
            case APK -> new SourcePackage(orDefault(c.property(PropertyNames.SYFT_ORIGIN), name), fullVersion);
            case RPM -> sourceRpm(c.property(PropertyNames.SYFT_SOURCE_RPM), rpm)
                    .orElseGet(() -> new SourcePackage(name, fullVersion));
            default -> new SourcePackage(name, fullVersion);
        };
    }

    /** Trivy splits the source version like its binary one: {@code [SrcEpoch:]SrcVersion[-SrcRelease]}. */
    private static String trivySourceVersion(BomComponent c, String fullVersion) {
        String version = c.property(PropertyNames.TRIVY_SRC_VERSION);
        if (version == null) {
            return fullVersion;
        }
        String release = c.property(PropertyNames.TRIVY_SRC_RELEASE);
        String epoch = c.property(PropertyNames.TRIVY_SRC_EPOCH);
        boolean hasEpoch = epoch != null && !epoch.equals("0") && !version.contains(":");
        return (hasEpoch ? epoch + ":" : "") + version + (release == null ? "" : "-" + release);
    }

    /** A SOURCERPM file name, as Syft puts in {@code upstream}; its version gets the binary's epoch, as the rpm analyzer does. */
    private static Optional<SourcePackage> sourceRpm(String value, InstalledPackage.RpmFields rpm) {
        return SourceRpm.parse(value).map(s -> new SourcePackage(s.name(),
                (rpm.epoch() == null ? "" : rpm.epoch() + ":") + s.version()));
    }

    /** {@code glibc} or {@code glibc@2.36-9} (Syft writes both); without a version, the binary's. */
    private static SourcePackage nameAtVersion(String value, String fullVersion) {
        int at = value.indexOf('@');
        if (at > 0 && at < value.length() - 1) {
            return new SourcePackage(value.substring(0, at), value.substring(at + 1));
        }
        return new SourcePackage(at > 0 ? value.substring(0, at) : value, fullVersion);
    }

    private LayerRef layer(BomComponent c) {
        String diffId = firstNonBlank(c.property(PropertyNames.OUR_LAYER_DIFF_ID), c.property(PropertyNames.TRIVY_LAYER_DIFF_ID));
        if (diffId == null) {
            return null;
        }
        if (!DIGEST.matcher(diffId).matches()) {
            problems.add(c.describe() + ": layer diffID \"" + diffId + "\" is not a sha256/sha512 digest; layer left unknown");
            return null;
        }
        int index = layerOrder.indexOf(diffId);
        String ours = c.property(PropertyNames.OUR_LAYER_INDEX);
        if (ours != null && ours.matches("\\d{1,9}")) {
            index = Integer.parseInt(ours);
        }
        return new LayerRef(index < 0 ? LayerRef.UNKNOWN_INDEX : index, diffId);
    }

    private static PackageType type(String purlType) {
        String t = purlType.toLowerCase(Locale.ROOT);
        for (PackageType type : PackageType.values()) {
            if (type.purlType().equals(t)) {
                return type;
            }
        }
        return null;
    }

    private static String qualifier(PackageURL purl, String key) {
        Map<String, String> qualifiers = purl.getQualifiers();
        if (qualifiers == null) {
            return null;
        }
        String value = qualifiers.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Long epoch(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!EPOCH.matcher(value.trim()).matches()) {
            throw new BadComponent(what + " \"" + value + "\" is not a number");
        }
        return Long.parseLong(value.trim());
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** A component that cannot become a package; its message goes into the warnings. */
    private static final class BadComponent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadComponent(String message) {
            super(message, null, false, false);
        }
    }
}
