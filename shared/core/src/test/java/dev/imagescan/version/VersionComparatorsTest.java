package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.inventory.PackageType;
import org.junit.jupiter.api.Test;

class VersionComparatorsTest {

    @Test
    void picksTheComparatorOfEachPackageType() {
        assertThat(VersionComparators.forPackageType("deb")).isSameAs(DpkgVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("dpkg")).isSameAs(DpkgVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("apk")).isSameAs(ApkVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("rpm")).isSameAs(RpmVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("maven")).isSameAs(MavenVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("npm")).isSameAs(SemVerComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("cargo")).isSameAs(SemVerComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("pypi")).isSameAs(Pep440VersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("golang")).isSameAs(GoVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("composer")).isSameAs(ComposerVersionComparator.INSTANCE);
        assertThat(VersionComparators.forPackageType("cargo")).isSameAs(SemVerComparator.INSTANCE);
    }

    @Test
    void coversEveryInventoryPackageType() {
        for (PackageType type : PackageType.values()) {
            assertThat(VersionComparators.forPackageType(type.purlType()).name()).isNotEmpty();
        }
    }

    @Test
    void unknownTypesAreRefusedByName() {
        assertThatThrownBy(() -> VersionComparators.forPackageType("hex"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hex'");
        assertThatThrownBy(() -> VersionComparators.forPackageType("DEB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'DEB'");
        assertThatThrownBy(() -> VersionComparators.forPackageType(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("''");
        assertThatThrownBy(() -> VersionComparators.forPackageType(null)).isInstanceOf(NullPointerException.class);
    }

    /** No comparator throws on garbage, and each is reflexive on it. */
    @Test
    void everyComparatorSurvivesGarbage() {
        for (String type : new String[] {"deb", "apk", "rpm", "maven", "npm", "pypi", "golang", "gem", "nuget"}) {
            final VersionComparator c = VersionComparators.forPackageType(type);
            for (String a : OrderProperties.GARBAGE) {
                assertThat(c.compare(a, new String(a.toCharArray()))).as("%s: '%s'", type, a).isZero();
                for (String b : OrderProperties.GARBAGE) {
                    final int ab = c.compare(a, b);
                    assertThat(Integer.signum(c.compare(b, a))).as("%s: '%s' vs '%s'", type, a, b)
                            .isEqualTo(-Integer.signum(ab));
                }
            }
        }
    }
}
