package dev.imagescan.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.inventory.PackageType;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry holds every family once, finds each by its IDs and names, and every family says all it must. */
class DistributionsTest {

    @Test
    void everyFamilyClassIsRegisteredOnce() throws Exception {
        List<Class<?>> registered = Distributions.all().stream().<Class<?>>map(Object::getClass).toList();

        assertThat(registered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(familyClasses());
    }

    @Test
    void everyIdResolvesToItsFamily() {
        for (Distribution d : Distributions.all()) {
            for (String id : d.ids()) {
                assertThat(Distributions.forId(id)).as(id).containsSame(d);
                assertThat(Distributions.idForName(id)).as(id).contains(id);
            }
        }
        assertThat(Distributions.forId("gentoo")).isEmpty();
        assertThat(Distributions.forId(null)).isEmpty();
    }

    @Test
    void noIdIsRegisteredTwice() {
        List<String> ids = Distributions.all().stream().flatMap(d -> d.ids().stream()).toList();

        assertThat(ids).doesNotHaveDuplicates();
        assertThatThrownBy(() -> Distributions.byId(List.of(new Debian(), new Rhel(), new Debian())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("os-release ID debian is registered by both Debian and Debian");
    }

    @Test
    void aNameOrCodeNameOfTwoFamiliesIsRefused() {
        Distribution almaAgain = family(List.of("other"), Map.of("alma", "other"), "other");
        Distribution redhatAgain = family(List.of("other"), Map.of(), "redhat");
        Distribution foreignAlias = family(List.of("other"), Map.of("x", "rhel"), "other");

        assertThatThrownBy(() -> Distributions.idByName(List.of(new AlmaLinux(), almaAgain)))
                .hasMessageContaining("name alma is registered by both AlmaLinux and");
        assertThatThrownBy(() -> Distributions.idByName(List.of(new Rhel(), redhatAgain)))
                .hasMessageContaining("package URL namespace redhat is registered by both Rhel and");
        assertThatThrownBy(() -> Distributions.idByName(List.of(new Rhel(), foreignAlias)))
                .hasMessageContaining("gives alias x to rhel, not one of its IDs [other]");
        assertThatThrownBy(() -> Distributions.byCodename(List.of(new Debian(), new Debian())))
                .hasMessageContaining("is registered by both Debian and Debian");
    }

    @Test
    void aliasesAndPackageUrlNamespacesLeadBackToTheirFamily() {
        for (Distribution d : Distributions.all()) {
            d.aliases().forEach((alias, id) -> assertThat(Distributions.idForName(alias)).as(alias).contains(id));
            for (String id : d.ids()) {
                String namespace = d.purlNamespace(id);
                // the SBOM reader must read back the family the package URLs name
                assertThat(Distributions.idForName(namespace).flatMap(Distributions::forId)).as(namespace)
                        .containsSame(d);
            }
        }
    }

    @Test
    void eachFamilysDataIsComplete() {
        List<String> paths = new ArrayList<>();
        for (Distribution d : Distributions.all()) {
            String name = d.getClass().getSimpleName();
            assertThat(d.ids()).as(name).isNotEmpty().allMatch(id -> id.matches("[a-z0-9._-]+"));
            assertThat(d.packageManager()).as(name).isNotNull();
            assertThat(d.versionComparator()).as(name).isNotNull();
            d.ids().forEach(id -> assertThat(d.purlNamespace(id)).as(name).matches("[a-z0-9._-]+"));
            assertThat(d.aliases().keySet()).as(name).allMatch(a -> a.equals(a.strip().toLowerCase()));
            for (ReleaseLine line : d.releaseLines()) {
                assertThat(line.prefix()).as(name).isNotBlank().isLowerCase();
                assertThat(d.ids()).as(name).contains(line.id());
            }
            for (ReleaseFile f : d.releaseFiles()) {
                paths.add(f.path());
                assertThat(f.path()).as(name).doesNotStartWith("/");
                switch (f.format()) {
                    case VERSION -> assertThat(d.ids()).as(f.path()).contains(f.id());
                    // a family's release-line file must be named by its own lines
                    case RELEASE_LINE -> assertThat(d.releaseLines()).as(f.path()).isNotEmpty();
                    case LSB -> { }
                }
            }
            d.endOfLifeDates().keySet().forEach(release -> assertThat(d.releaseScheme().release(release))
                    .as(name + " " + release + " must be a release its scheme gives").contains(release));
            // rolling families have no release to retire; SUSE's end depends on the subscription (LTSS)
            boolean noDates = d.releaseScheme() == ReleaseScheme.ROLLING
                    || d.releaseScheme() == ReleaseScheme.SERVICE_PACK;
            if (d.advisoryEcosystem().isPresent() && !noDates) {
                assertThat(d.endOfLifeDates()).as(name + " has advisories, so its support dates are wanted")
                        .isNotEmpty();
            }
            d.codenames().forEach((codename, version) -> {
                assertThat(codename).isLowerCase();
                assertThat(d.endOfLife(version)).as(name + " " + codename).isPresent();
            });
        }
        assertThat(paths).doesNotHaveDuplicates();
        for (PackageType type : PackageType.values()) {
            if (!type.isOs()) {
                continue; // application packages have no OS package manager
            }
            assertThat(PackageManager.forType(type).packageType()).isEqualTo(type);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", textBlock = """
            debian, 12.7, Debian:12, 2028-06-30, deb, debian, APT
            ubuntu, 22.04, Ubuntu:22.04, 2027-06-01, deb, ubuntu, APT
            alpine, 3.20.3, Alpine:v3.20, 2026-04-01, apk, alpine, APK
            rhel, 9.3, Red Hat:enterprise_linux:9, 2032-05-31, rpm, redhat, YUM
            centos, 8, Red Hat:enterprise_linux:8, 2021-12-31, rpm, centos, YUM
            rocky, 9.3, Rocky Linux:9, 2032-05-31, rpm, rocky, YUM
            almalinux, 8.9, AlmaLinux:8, 2029-03-01, rpm, almalinux, YUM
            scientific, 6.4, Red Hat:enterprise_linux:6, 2020-11-30, rpm, scientific, YUM
            scientific, 7.9, Red Hat:enterprise_linux:7, 2024-06-30, rpm, scientific, YUM
            eurolinux, 7.9, Red Hat:enterprise_linux:7, 2024-06-30, rpm, eurolinux, YUM
            eurolinux, 9.0, Red Hat:enterprise_linux:9, -, rpm, eurolinux, YUM
            ol, 7.9, Oracle Linux:7, 2024-12-31, rpm, oracle, YUM
            amzn, 2, Amazon Linux:2, 2026-06-30, rpm, amazon, YUM
            amzn, 2018.03, Amazon Linux:1, 2023-12-31, rpm, amazon, YUM
            amzn, 2023, Amazon Linux:2023, 2029-06-30, rpm, amazon, YUM
            fedora, 40, -, -, rpm, fedora, YUM
            sles, 15.5, SUSE:* 15 SP5, -, rpm, suse, YUM
            sles, 15, SUSE:* 15, -, rpm, suse, YUM
            sle-micro, 5.5, SUSE:* 5 SP5, -, rpm, suse, YUM
            opensuse-leap, 15.5, openSUSE:Leap 15.5, 2024-12-31, rpm, opensuse, YUM
            opensuse-tumbleweed, 20240801, openSUSE:Tumbleweed, -, rpm, opensuse, YUM
            mariner, 2.0, Azure Linux:2, 2025-07-31, rpm, mariner, YUM
            azurelinux, 3.0, Azure Linux:3, -, rpm, azurelinux, YUM
            photon, 5.0, Photon OS:5.0, -, rpm, photon, YUM
            wolfi, 20230201, Wolfi, -, apk, wolfi, APK
            chainguard, 20230214, Chainguard, -, apk, chainguard, APK
            """)
    void whatEachFamilySays(String id, String version, String ecosystem, LocalDate endOfLife, String purlType,
            String namespace, PackageManager manager) {
        Distribution d = Distributions.forId(id).orElseThrow();

        assertThat(d.advisoryEcosystem().map(e -> e.label(d.releaseScheme().release(version).orElseThrow())))
                .isEqualTo(Optional.ofNullable(ecosystem));
        assertThat(d.endOfLife(version)).isEqualTo(Optional.ofNullable(endOfLife));
        assertThat(d.packageType().purlType()).isEqualTo(purlType);
        assertThat(d.purlNamespace(id)).isEqualTo(namespace);
        assertThat(d.packageManager()).isEqualTo(manager);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            redhat, rhel
            oracle, ol
            amazon, amzn
            suse, sles
            opensuse, opensuse
            alma, almalinux
            scientific linux, scientific
            slem, sle-micro
            cbl-mariner, mariner
            wolfi, wolfi
            gentoo, -
            """)
    void namesOtherToolsUse(String name, String id) {
        assertThat(Distributions.idForName(name)).isEqualTo(Optional.ofNullable(id));
    }

    @Test
    void codeNamesAreReleases() {
        assertThat(Distributions.forCodename("bookworm")).contains(new Distributions.Release("debian", "12"));
        assertThat(Distributions.forCodename("jammy")).contains(new Distributions.Release("ubuntu", "22.04"));
        assertThat(Distributions.forCodename("wheezy")).contains(new Distributions.Release("debian", "7"));
        assertThat(Distributions.forCodename("hamm")).isEmpty();
    }

    @Test
    void releaseFilesAreTrustedInRegistrationOrder() {
        assertThat(Distributions.releaseFiles()).extracting(ReleaseFile::path).containsExactly(
                "etc/oracle-release", "etc/enterprise-release", "etc/centos-release", "etc/rocky-release",
                "etc/almalinux-release", "etc/sl-release", "etc/el-release", "etc/fedora-release", "etc/system-release", "etc/redhat-release",
                "etc/alpine-release", "etc/lsb-release", "etc/debian_version");
    }

    /** The concrete {@link Distribution} classes of this package, as compiled. */
    private static List<Class<?>> familyClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Distribution.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String simple = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(Distribution.class.getPackageName() + "." + simple);
                if (Distribution.class.isAssignableFrom(c) && !c.isInterface()
                        && !Modifier.isAbstract(c.getModifiers())) {
                    classes.add(c);
                }
            }
        }
        assertThat(classes).as("family classes found in " + dir).hasSizeGreaterThan(10);
        return classes;
    }

    private static Distribution family(List<String> ids, Map<String, String> aliases, String namespace) {
        return new Distribution() {
            @Override
            public List<String> ids() {
                return ids;
            }

            @Override
            public Map<String, String> aliases() {
                return aliases;
            }

            @Override
            public PackageManager packageManager() {
                return PackageManager.YUM;
            }

            @Override
            public String purlNamespace(String id) {
                return namespace;
            }
        };
    }
}
