package dev.imagescan.match;

import dev.imagescan.distro.Distributions;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.redhat.RepositoryCpeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which of Red Hat's product streams an image of RHEL (or of a rebuild of it) gets advisories from, as Red Hat's
 * guidelines for scanners and Trivy's detector define it: the content sets (repositories) its content manifests
 * name ({@link OperatingSystem#contentSets()}), else the default content sets of its major release (Trivy's:
 * {@code rhel-8-for-x86_64-baseos-rpms} and {@code …-appstream-rpms} for 8, …), turned into CPEs through Red Hat's
 * repository-to-CPE mapping as the database holds it ({@link RepositoryCpeSource}). A {@code Red Hat:} ecosystem
 * (a stream's CPE without {@code cpe:/o:redhat:}) applies when its product and version match one of those CPEs on
 * the first five segments of the CPE, as Red Hat recommends (its unfixed entries name only
 * {@code cpe:/o:redhat:enterprise_linux:9}, its fixes {@code …:9::baseos}); a version matches itself and the
 * versions it is a dotted prefix of, or that are one of it ({@code openshift:4} and {@code openshift:4.16}). An
 * extended-support stream ({@code rhel_eus:9.2}) also gets the main stream's unfixed entries
 * ({@code enterprise_linux:9}), as the guidelines say.
 *
 * <p>When the image's layers name their own content sets ({@link OperatingSystem#contentSetsByLayer()}), each
 * package gets the streams of its own layer's sets, as Trivy applies them ({@link ByLayer}): a UBI base and a layer
 * installed from EUS repositories are matched each against its own streams.
 */
final class RedHatStreams {
    static final String ECOSYSTEM_PREFIX = "Red Hat:";
    /** Trivy's default content sets, for an image without content manifests. */
    static final Map<String, List<String>> DEFAULT_CONTENT_SETS = Map.of(
            "6", List.of("rhel-6-server-rpms", "rhel-6-server-extras-rpms"),
            "7", List.of("rhel-7-server-rpms", "rhel-7-server-extras-rpms"),
            "8", List.of("rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"),
            "9", List.of("rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"));
    /** The build system's generic suffix ({@code repo__8}), not part of the repository id; {@code __9_DOT_2} is. */
    private static final Pattern GENERIC_SUFFIX = Pattern.compile("__\\d+$");

    private RedHatStreams() {}

    /**
     * The streams chosen for an image.
     *
     * @param contentSets   the content sets looked up (the image's, else the defaults of its release)
     * @param fromManifests whether they are the image's own
     * @param cpes          the CPEs the mapping gives them; empty when it knows none of them (or the database holds
     *                      no mapping)
     */
    record Chosen(List<String> contentSets, boolean fromManifests, List<String> cpes) {}

    /** The streams of {@code os}, of major release {@code major}, as {@code db}'s mapping gives them. */
    static Chosen choose(OperatingSystem os, String major, VulnDatabase db) {
        boolean own = !os.contentSets().isEmpty();
        List<String> sets = clean(own ? os.contentSets() : DEFAULT_CONTENT_SETS.getOrDefault(major, List.of()));
        return new Chosen(sets, own, cpes(sets, db));
    }

    /** {@code sets} without the build system's generic suffix, each once. */
    private static List<String> clean(List<String> sets) {
        List<String> cleaned = new ArrayList<>();
        for (String s : sets) {
            String clean = GENERIC_SUFFIX.matcher(s).replaceAll("");
            if (!cleaned.contains(clean)) {
                cleaned.add(clean);
            }
        }
        return cleaned;
    }

    /** The CPEs {@code db}'s repository-to-CPE mapping gives {@code sets}, each once. */
    private static List<String> cpes(List<String> sets, VulnDatabase db) {
        Set<String> cpes = new LinkedHashSet<>();
        for (String set : sets) {
            for (PackageAdvisory a : db.lookup(RepositoryCpeSource.ECOSYSTEM, set)) {
                cpes.addAll(a.affected().versions());
            }
        }
        return new ArrayList<>(cpes);
    }

    /**
     * The streams of each package when the image's layers name their own content sets; null when they do not (the
     * {@code coverage}'s ecosystems then apply to every package), or the image is not matched against Red Hat's
     * streams.
     */
    static ByLayer byLayer(OperatingSystem os, Coverage coverage, VulnDatabase db) {
        if (os == null || os.contentSetsByLayer().isEmpty() || coverage.ecosystems().isEmpty()
                || !coverage.ecosystems().stream().allMatch(e -> e.startsWith(ECOSYSTEM_PREFIX))) {
            return null;
        }
        String major = Distributions.forId("rhel").flatMap(d -> d.releaseScheme().release(os.version()))
                .orElse("");
        return new ByLayer(os.contentSetsByLayer(), DEFAULT_CONTENT_SETS.getOrDefault(major, List.of()),
                coverage.ecosystems(), db);
    }

    /**
     * Per package, the streams of the content sets of the layer that installed it, as Trivy's applier looks them
     * up: the layer's own manifests; for the base layer without one, those of the layer above it (OSBS writes the
     * base image's manifest in its second layer); for a later layer without one (a customer's layer on a Red Hat
     * image), those of the nearest layer below that has one; for none of these, the default content sets of the
     * release. A package whose layer is not known, or whose sets the mapping does not know, gets the image's
     * streams (the coverage's).
     */
    static final class ByLayer {
        private final TreeMap<Integer, List<String>> own = new TreeMap<>();
        private final List<String> defaults;
        private final VulnDatabase db;
        /** Group 0: the image's streams; then one group per distinct content-set list met. */
        private final List<List<String>> ecosystems = new ArrayList<>();
        private final Map<List<String>, Integer> groups = new HashMap<>();

        ByLayer(List<LayerContentSets> layers, List<String> defaults, List<String> image, VulnDatabase db) {
            for (LayerContentSets l : layers) {
                own.put(l.layer(), l.contentSets());
            }
            this.defaults = defaults;
            this.db = db;
            ecosystems.add(image);
        }

        /** The group of {@code p}: packages of one group are matched against the same streams. */
        int group(Package p) {
            if (p.layer() == null || !p.layer().hasIndex()) {
                return 0;
            }
            List<String> sets = clean(setsOf(p.layer().index()));
            Integer known = groups.get(sets);
            if (known != null) {
                return known;
            }
            List<String> cpes = cpes(sets, db);
            int group = 0;
            if (!cpes.isEmpty()) {
                group = ecosystems.size();
                ecosystems.add(RedHatStreams.ecosystems(db.ecosystems(), cpes));
            }
            groups.put(sets, group);
            return group;
        }

        /** The ecosystems of a group. */
        List<String> ecosystems(int group) {
            return ecosystems.get(group);
        }

        /** The content sets of the package's layer {@code index} (Trivy's {@code lookupBuildInfo}). */
        List<String> setsOf(int index) {
            List<String> sets = own.get(index);
            if (sets != null) {
                return sets;
            }
            if (index == 0) {
                sets = own.get(1);
                return sets != null ? sets : defaults;
            }
            Map.Entry<Integer, List<String>> below = own.lowerEntry(index);
            return below != null ? below.getValue() : defaults;
        }
    }

    /** The ecosystems of {@code available} whose stream matches one of {@code cpes}, sorted. */
    static List<String> ecosystems(Set<String> available, List<String> cpes) {
        List<ProductStream> wanted = new ArrayList<>();
        for (String cpe : cpes) {
            ProductStream c = ProductStream.ofCpe(cpe);
            if (c == null) {
                continue;
            }
            wanted.add(c);
            boolean extended = !c.product().equals("enterprise_linux")
                    && (c.product().startsWith("rhel_") || c.product().startsWith("enterprise_linux_"));
            if (extended && !c.version().isEmpty()) {
                int dot = c.version().indexOf('.');
                wanted.add(new ProductStream("enterprise_linux", dot < 0 ? c.version() : c.version().substring(0, dot),
                        true));
            }
        }
        List<String> found = new ArrayList<>();
        for (String e : available) {
            if (!e.startsWith(ECOSYSTEM_PREFIX)) {
                continue;
            }
            String[] s = e.substring(ECOSYSTEM_PREFIX.length()).split(":", -1);
            for (ProductStream c : wanted) {
                if (c.matches(s)) {
                    found.add(e);
                    break;
                }
            }
        }
        found.sort(null);
        return found;
    }

    /**
     * A product stream an image is in.
     *
     * @param product the CPE's product ({@code enterprise_linux}, {@code rhel_eus}, {@code openshift})
     * @param version its version ({@code 9}, {@code 9.2}); empty when it names none
     * @param exact   whether only an ecosystem of exactly this product and version (and nothing after) matches
     */
    record ProductStream(String product, String version, boolean exact) {

        /** The stream of a Red Hat CPE ({@code cpe:/o:redhat:enterprise_linux:9::baseos}); null for another. */
        static ProductStream ofCpe(String cpe) {
            String[] p = cpe.split(":", -1);
            if (p.length < 4 || !p[0].equals("cpe") || !p[2].equals("redhat") || p[3].isEmpty()) {
                return null;
            }
            return new ProductStream(p[3], p.length > 4 ? p[4] : "", false);
        }

        /** Whether an ecosystem's parts ({@code enterprise_linux}, {@code 9}, {@code }, {@code baseos}) match. */
        boolean matches(String[] ecosystem) {
            if (!ecosystem[0].equals(product)) {
                return false;
            }
            String v = ecosystem.length > 1 ? ecosystem[1] : "";
            if (exact) {
                return ecosystem.length == 2 && v.equals(version);
            }
            return v.isEmpty() || version.isEmpty() || v.equals(version) || version.startsWith(v + ".")
                    || v.startsWith(version + ".");
        }
    }
}
