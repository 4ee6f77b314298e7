package dev.imagescan.sbom;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds the {@link Inventory} of a parsed BOM: image summary, operating system, OS packages and warnings. */
final class BomInventory {
    static final String FORMAT = "cyclonedx";
    /** Recorded in {@link Inventory#analyzers()}: a new version of this reader can change the result. */
    static final String READER = "sbom-cyclonedx/1";
    /** Component problems listed one by one before the rest are only counted. */
    static final int MAX_LISTED_PROBLEMS = 20;
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    private final BomDocument bom;
    private final List<String> warnings = new ArrayList<>();

    private BomInventory(BomDocument bom) {
        this.bom = bom;
    }

    static Inventory of(BomDocument bom) {
        return new BomInventory(bom).build();
    }

    private Inventory build() {
        BomComponent subject = bom.subject();
        List<String> layerOrder = subject == null ? List.of() : subject.properties(PropertyNames.OUR_LAYER).stream()
                .filter(d -> DIGEST.matcher(d).matches()).toList();
        PackageMapper mapper = new PackageMapper(layerOrder);
        List<BomComponent> osComponents = new ArrayList<>();
        for (BomComponent c : bom.components()) {
            if ("operating-system".equals(c.type())) {
                osComponents.add(c);
            }
            mapper.add(c);
        }
        List<Package> packages = new ArrayList<>(mapper.packages());
        packages.sort(Package.ORDER);
        componentWarnings(mapper, packages.isEmpty());
        OperatingSystem os = operatingSystem(osComponents, mapper.distros());
        return new Inventory(image(subject, layerOrder), os, packages, new ArrayList<>(new LinkedHashSet<>(warnings)),
                List.of(READER));
    }

    private ImageSummary image(BomComponent subject, List<String> layerOrder) {
        List<ImageSummary.Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerOrder.size(); i++) {
            layers.add(new ImageSummary.Layer(i, layerOrder.get(i), null, null, -1));
        }
        if (subject == null) {
            return new ImageSummary(bom.name(), FORMAT, null, null, null, List.of(), layers);
        }
        String name = subject.name() == null || subject.name().isBlank() ? bom.name() : subject.name().trim();
        String config = digest(subject, "image ID", subject.property(PropertyNames.OUR_CONFIG_DIGEST),
                subject.property(PropertyNames.TRIVY_IMAGE_ID));
        String manifest;
        if (subject.property(PropertyNames.OUR_CONFIG_DIGEST) != null) {
            manifest = digest(subject, "manifest digest", subject.property(PropertyNames.OUR_MANIFEST_DIGEST));
        } else {
            String repoDigest = subject.property(PropertyNames.TRIVY_REPO_DIGEST);
            String fromRepoDigest = repoDigest == null ? null : repoDigest.substring(repoDigest.indexOf('@') + 1);
            // Syft puts the manifest digest in the container component's version
            String fromVersion = "container".equals(subject.type()) && subject.version() != null
                    && DIGEST.matcher(subject.version()).matches() ? subject.version() : null;
            manifest = digest(subject, "manifest digest", fromRepoDigest, fromVersion);
        }
        return new ImageSummary(name, FORMAT, subject.property(PropertyNames.OUR_PLATFORM), manifest, config,
                subject.properties(PropertyNames.TRIVY_REPO_TAG), layers);
    }

    /** The first non-null candidate if it is a digest; a warning and null if it is not. */
    private String digest(BomComponent subject, String what, String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                if (DIGEST.matcher(candidate).matches()) {
                    return candidate;
                }
                warnings.add("metadata component: " + what + " \"" + candidate + "\" is not a digest; ignored");
                return null;
            }
        }
        return null;
    }

    /**
     * From the first {@code operating-system} component (name and version as Trivy and Syft write them, refined by
     * Syft's {@code syft:distro:*} and our {@code imagescan:os:*} properties); without one, or one that names no known
     * family, from the packages' purls ({@code distro} qualifier, else namespace). A missing version is taken from
     * the purls when they name the same family.
     */
    private OperatingSystem operatingSystem(List<BomComponent> osComponents, List<Distros.Distro> distros) {
        Set<String> named = new LinkedHashSet<>();
        OperatingSystem chosen = null;
        for (BomComponent c : osComponents) {
            String family = Distros.family(firstNonNull(c.property(PropertyNames.SYFT_DISTRO_ID), c.name()));
            if (family == null || family.equals(OperatingSystem.UNKNOWN_FAMILY)) {
                continue;
            }
            String version = Distros.version(firstNonNull(c.property(PropertyNames.SYFT_DISTRO_VERSION_ID), c.version()));
            OperatingSystem os = new OperatingSystem(family, version != null ? version : versionOf(family, distros),
                    firstNonNull(c.property(PropertyNames.OUR_OS_NAME), c.property(PropertyNames.SYFT_DISTRO_PRETTY_NAME),
                            blankToNull(c.description())),
                    "true".equals(c.property(PropertyNames.OUR_OS_DISTROLESS)), c.property(PropertyNames.OUR_OS_SOURCE));
            named.add(os.describe());
            if (chosen == null) {
                chosen = os;
            }
        }
        if (chosen != null) {
            if (named.size() > 1) {
                warnings.add("the BOM names several operating systems (" + String.join(", ", named) + "); used "
                        + chosen.describe());
            }
            return chosen;
        }
        Set<Distros.Distro> distinct = distros.stream().filter(d -> d.family() != null)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (distinct.isEmpty()) {
            return OperatingSystem.unknown();
        }
        String family = distinct.iterator().next().family();
        OperatingSystem os = new OperatingSystem(family, versionOf(family, distros), null, false, null);
        Set<String> families = distinct.stream().map(d -> d.family() + (d.version() == null ? "" : " " + d.version()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (distinct.stream().map(Distros.Distro::family).distinct().count() > 1
                || distinct.stream().map(Distros.Distro::version).filter(Objects::nonNull).distinct().count() > 1) {
            warnings.add("the packages' URLs name several distributions (" + String.join(", ", families) + "); used "
                    + os.describe());
        }
        return os;
    }

    private static String versionOf(String family, List<Distros.Distro> distros) {
        return distros.stream().filter(d -> family.equals(d.family()) && d.version() != null)
                .map(Distros.Distro::version).findFirst().orElse(null);
    }

    private void componentWarnings(PackageMapper mapper, boolean noPackages) {
        List<String> problems = mapper.problems();
        warnings.addAll(problems.subList(0, Math.min(problems.size(), MAX_LISTED_PROBLEMS)));
        if (problems.size() > MAX_LISTED_PROBLEMS) {
            warnings.add("and " + (problems.size() - MAX_LISTED_PROBLEMS) + " more components skipped for such problems");
        }
        Map<String, Integer> others = mapper.otherTypes();
        if (!others.isEmpty()) {
            int total = others.values().stream().mapToInt(Integer::intValue).sum();
            warnings.add("left out " + (total == 1 ? "1 component" : total + " components") + " of a type not read ("
                    + others.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + "); deb, apk, rpm, maven, npm, pypi, golang, cargo, gem, nuget and composer packages are read");
        }
        if (mapper.withoutPurl() > 0) {
            warnings.add("left out " + mapper.withoutPurl() + (mapper.withoutPurl() == 1 ? " component" : " components")
                    + " without a package URL");
        }
        if (noPackages) {
            warnings.add("the BOM lists no packages (deb, apk, rpm or language package URLs)");
        }
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
