package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The language ecosystems' version orders against their upstream test vectors (extracted by
 * {@code versions/extract-lang-vectors.py}, NuGet's copied by hand; sources in each file's header), both ways
 * round, and as total orders.
 */
class LanguageVersionComparatorsTest {

    @Test
    void mavenFollowsMavenArtifactsOwnTests() {
        assertThat(VersionVectors.read("/versions/maven.tsv")).hasSizeGreaterThan(400);
        assertThat(VersionVectors.mismatches("/versions/maven.tsv", MavenVersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    @Test
    void pep440FollowsPackagingsOwnTests() {
        assertThat(VersionVectors.read("/versions/pep440.tsv")).hasSizeGreaterThan(4000);
        assertThat(VersionVectors.mismatches("/versions/pep440.tsv", Pep440VersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    @Test
    void semverFollowsNodeSemversFixtures() {
        assertThat(VersionVectors.read("/versions/npm-semver.tsv")).hasSizeGreaterThan(60);
        assertThat(VersionVectors.mismatches("/versions/npm-semver.tsv", SemVerComparator.INSTANCE::compare))
                .isEmpty();
    }

    @Test
    void goFollowsXModSemverTests() {
        assertThat(VersionVectors.read("/versions/go-semver.tsv")).hasSizeGreaterThan(400);
        assertThat(VersionVectors.mismatches("/versions/go-semver.tsv", GoVersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    @Test
    void rubyGemsFollowsGemVersionsOwnTests() {
        assertThat(VersionVectors.read("/versions/rubygems.tsv")).hasSizeGreaterThan(20);
        assertThat(VersionVectors.mismatches("/versions/rubygems.tsv", RubyGemsVersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    @Test
    void composerFollowsComposerSemversOwnTests() {
        assertThat(VersionVectors.read("/versions/composer.tsv")).hasSizeGreaterThan(45);
        assertThat(VersionVectors.mismatches("/versions/composer.tsv", ComposerVersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1.8.3,1.8.4,-1", "v1.8.3,1.8.4,-1", "v2.0.0,1.9.99,1", "1.8.4,1.8.4.0,0", "2.1.1,2.1.1-RC1,1",
        "dev-main,0.0.1,-1", "5.4.1,5.4.1-p1,-1"})
    void composerOrdersWhatInstalledJsonHolds(String a, String b, int expected) {
        assertThat(ComposerVersionComparator.INSTANCE.compare(a, b)).isEqualTo(expected);
        assertThat(ComposerVersionComparator.INSTANCE.compare(b, a)).isEqualTo(-expected);
    }

    @Test
    void nuGetFollowsNuGetVersioningsOwnTests() {
        assertThat(VersionVectors.read("/versions/nuget.tsv")).hasSize(13);
        assertThat(VersionVectors.mismatches("/versions/nuget.tsv", NuGetVersionComparator.INSTANCE::compare))
                .isEmpty();
    }

    /** What matching needs beyond the upstream vectors: OSV's spelling of versions against the installed ones. */
    @ParameterizedTest(name = "{0}: {1} vs {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "golang | v1.2.3                                | 1.2.3                              |  0",
        "golang | go1.21.3                              | 1.21.4                             | -1",
        "golang | v0.0.0-20191109021931-daa7c04131f5    | v0.0.0-20200101000000-aaaaaaaaaaaa | -1",
        "golang | v0.0.0-20191109021931-daa7c04131f5    | 0.1.0                              | -1",
        "golang | v2.0.0+incompatible                   | 2.0.0                              |  0",
        "golang | v1.10.0                               | v1.9.9                             |  1",
        "npm    | 4.17.15                               | 4.17.21                            | -1",
        "npm    | 1.2.0                                 | 1.2.6                              | -1",
        "npm    | 1.0.0-rc.1                            | 1.0.0                              | -1",
        "npm    | 1.0.0+build.5                         | 1.0.0                              |  0",
        "npm    | 1.0.0-alpha.beta                      | 1.0.0-alpha.1                      |  1",
        "pypi   | 1.26.5                                | 1.26.18                            | -1",
        "pypi   | 2.0                                   | 2.0.0                              |  0",
        "pypi   | 2.0rc1                                | 2.0                                | -1",
        "maven  | 2.14.1                                | 2.15.0                             | -1",
        "maven  | 2.9.10.8                              | 2.9.10                             |  1",
        "maven  | 2.17.0                                | 2.17.0.RELEASE                     |  0",
        "maven  | 5.3.18                                | 5.3.2                              |  1",
    })
    void osvSpellings(String type, String a, String b, int expected) {
        VersionComparator c = VersionComparators.forPackageType(type);
        assertThat(c.compare(a, b)).isEqualTo(expected);
        assertThat(c.compare(b, a)).isEqualTo(-expected);
    }

    @Test
    void eachIsATotalOrderOnRandomAndGarbageStrings() {
        Random rnd = new Random(14);
        List<String> sample = new ArrayList<>(OrderProperties.GARBAGE);
        String[] atoms = {"0", "1", "2", "01", "10", "v", ".", "-", "+", "a", "b", "rc", "dev", "post", "alpha",
            "SNAPSHOT", "!", "go", "incompatible", "_"};
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = rnd.nextInt(7); n > 0; n--) {
                sb.append(atoms[rnd.nextInt(atoms.length)]);
            }
            sample.add(sb.toString());
        }
        // not Maven: ComparableVersion itself is not transitive, even across its own vectors ('1-0.alpha' < '1'
        // < '1-sp' but sorting them all disagrees); each vector holds, and VersionComparatorsTest checks it is
        // antisymmetric and never throws on garbage
        for (VersionComparator c : List.of(SemVerComparator.INSTANCE, Pep440VersionComparator.INSTANCE,
                GoVersionComparator.INSTANCE, RubyGemsVersionComparator.INSTANCE, NuGetVersionComparator.INSTANCE,
                ComposerVersionComparator.INSTANCE)) {
            try {
                OrderProperties.assertTotalOrder(c::compare, sample, 14, 5_000);
            } catch (AssertionError e) {
                throw new AssertionError(c.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void names() {
        assertThat(MavenVersionComparator.INSTANCE.name()).isEqualTo("maven");
        assertThat(SemVerComparator.INSTANCE.name()).isEqualTo("semver");
        assertThat(Pep440VersionComparator.INSTANCE.name()).isEqualTo("pep440");
        assertThat(GoVersionComparator.INSTANCE.name()).isEqualTo("go");
    }
}
