package dev.imagescan.distro;

import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.PackageType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution families the scanner knows, one registration line each, and the lookups over them: by os-release
 * ID, by any name other tools give a family (package URL namespaces, Trivy's and Syft's names), by release code name.
 * Registering an ID, name or code name twice fails when this class is loaded.
 */
public final class Distributions {
    /**
     * Every family. Their release files are trusted in this order, so a family whose file other families ship too
     * comes after them: Red Hat relatives link {@code system-release} (Amazon's) to their own file, Oracle ships a
     * Red Hat-worded {@code redhat-release}, Debian derivatives keep {@code debian_version}.
     */
    private static final List<Distribution> ALL = List.of(
            new OracleLinux(),
            new CentOs(),
            new RockyLinux(),
            new AlmaLinux(),
            new ScientificLinux(),
            new EuroLinux(),
            new Fedora(),
            new AmazonLinux(),
            new Rhel(),
            new Alpine(),
            new Ubuntu(),
            new Debian(),
            new SuseLinuxEnterprise(),
            new OpenSuse(),
            new AzureLinux(),
            new PhotonOs(),
            new Wolfi(),
            new Chainguard());

    private static final Map<String, Distribution> BY_ID = byId(ALL);
    private static final Map<String, String> ID_BY_NAME = idByName(ALL);
    private static final Map<String, Release> BY_CODENAME = byCodename(ALL);
    private static final List<ReleaseFile> RELEASE_FILES =
            ALL.stream().flatMap(d -> d.releaseFiles().stream()).toList();
    private static final List<ReleaseLine> RELEASE_LINES =
            ALL.stream().flatMap(d -> d.releaseLines().stream()).toList();

    private Distributions() {}

    /** A release of a family: its os-release ID and version. */
    public record Release(String id, String version) {}

    /** Every registered family, in registration order. */
    public static List<Distribution> all() {
        return ALL;
    }

    /** The family of an os-release ID (matched exactly: IDs are lower case); empty for one not registered. */
    public static Optional<Distribution> forId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    /**
     * The os-release ID a lower-case name stands for: an ID itself, a package URL namespace ({@code redhat} → rhel;
     * a namespace several IDs share means the first of them, {@code suse} → sles) or another tool's name for a family
     * ({@code alma} → almalinux). Empty for a name no family has.
     */
    public static Optional<String> idForName(String name) {
        return Optional.ofNullable(name == null ? null : ID_BY_NAME.get(name));
    }

    /** The release a lower-case code name ({@code bookworm}, {@code jammy}) stands for; empty for an unknown one. */
    public static Optional<Release> forCodename(String codename) {
        return Optional.ofNullable(codename == null ? null : BY_CODENAME.get(codename));
    }

    /**
     * The family packages of {@code type} on {@code os} belong to: the OS's family when it is registered and of that
     * package type; empty for an unknown family or a foreign package (an apk database in a Red Hat image, say), which
     * keep the os-release ID as their namespace and the type's usual package manager.
     */
    public static Optional<Distribution> forPackage(OperatingSystem os, PackageType type) {
        return os == null ? Optional.empty() : forId(os.family()).filter(d -> d.packageType() == type);
    }

    /** The package manager that upgrades a package of {@code type} on {@code os}: its family's, else the type's usual. */
    public static PackageManager packageManager(OperatingSystem os, PackageType type) {
        return forPackage(os, type).map(Distribution::packageManager).orElseGet(() -> PackageManager.forType(type));
    }

    /** The release files of every family, most trusted first. */
    public static List<ReleaseFile> releaseFiles() {
        return RELEASE_FILES;
    }

    /** The release lines of every family; a line is the first of these it starts with. */
    public static List<ReleaseLine> releaseLines() {
        return RELEASE_LINES;
    }

    /** Each ID of {@code families} and its family; an ID registered twice is an error. */
    static Map<String, Distribution> byId(List<Distribution> families) {
        Map<String, Distribution> byId = new LinkedHashMap<>();
        for (Distribution d : families) {
            for (String id : d.ids()) {
                Distribution other = byId.putIfAbsent(id, d);
                if (other != null) {
                    throw duplicate("os-release ID", id, other, d);
                }
            }
        }
        return Map.copyOf(byId);
    }

    /**
     * Every name of {@code families}' IDs: the IDs, then the aliases, then the package URL namespaces. An alias must
     * name an ID of its own family and no other name; a namespace may be an ID or another namespace of its own family.
     */
    static Map<String, String> idByName(List<Distribution> families) {
        Map<String, Distribution> byId = byId(families);
        Map<String, String> names = new LinkedHashMap<>();
        byId.keySet().forEach(id -> names.put(id, id));
        for (Distribution d : families) {
            for (Map.Entry<String, String> alias : d.aliases().entrySet()) {
                if (byId.get(alias.getValue()) != d) {
                    throw new IllegalStateException(name(d) + " gives alias " + alias.getKey() + " to "
                            + alias.getValue() + ", not one of its IDs " + d.ids());
                }
                String other = names.putIfAbsent(alias.getKey(), alias.getValue());
                if (other != null) {
                    throw duplicate("name", alias.getKey(), byId.get(other), d);
                }
            }
        }
        for (Distribution d : families) {
            for (String id : d.ids()) {
                String namespace = d.purlNamespace(id);
                String other = names.putIfAbsent(namespace, id);
                if (other != null && byId.get(other) != d) {
                    throw duplicate("package URL namespace", namespace, byId.get(other), d);
                }
            }
        }
        return Map.copyOf(names);
    }

    /** Each code name of {@code families} and the release it stands for; one registered twice is an error. */
    static Map<String, Release> byCodename(List<Distribution> families) {
        Map<String, Release> releases = new LinkedHashMap<>();
        Map<String, Distribution> owners = new LinkedHashMap<>();
        for (Distribution d : families) {
            for (Map.Entry<String, String> c : d.codenames().entrySet()) {
                Distribution other = owners.putIfAbsent(c.getKey(), d);
                if (other != null) {
                    throw duplicate("code name", c.getKey(), other, d);
                }
                releases.put(c.getKey(), new Release(d.ids().get(0), c.getValue()));
            }
        }
        return Map.copyOf(releases);
    }

    private static IllegalStateException duplicate(String what, String value, Distribution first, Distribution second) {
        return new IllegalStateException(what + " " + value + " is registered by both " + name(first) + " and "
                + name(second));
    }

    private static String name(Distribution d) {
        return d.getClass().getSimpleName();
    }
}
