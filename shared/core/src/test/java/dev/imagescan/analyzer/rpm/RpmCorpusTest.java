package dev.imagescan.analyzer.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture database gives exactly the packages and instance numbers real rpm listed for it. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RpmCorpusTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("bdb-libuuid", "Packages", "bdb"),
                Arguments.of("bdb-mariner2-le-4096", "Packages", "bdb"),
                Arguments.of("generated/bdb-le-512", "Packages", "bdb"),
                Arguments.of("generated/bdb-le-65536", "Packages", "bdb"),
                Arguments.of("generated/bdb-be-4096", "Packages", "bdb"),
                Arguments.of("generated/bdb-be-512", "Packages", "bdb"),
                Arguments.of("generated/bdb-libuuid-chksum", "Packages", "bdb"),
                Arguments.of("ndb-sle15-bci", "Packages.db", "ndb"),
                Arguments.of("sqlite-mariner2", "rpmdb.sqlite", "sqlite"),
                Arguments.of("sqlite-rpmtests-3pkg", "rpmdb.sqlite", "sqlite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsExactlyTheExpectedPackages(String dir, String file, String format) throws Exception {
        RpmReadResult result = RpmDatabaseReader.read(RpmFixtures.resource(dir + "/" + file));

        assertThat(result.format()).isEqualTo(format);
        assertThat(result.problems()).isEmpty();
        List<String> rows = result.packages().stream().map(RpmFixtures::row).toList();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(RpmFixtures.expectedRows(dir));
        List<String> instances = result.packages().stream().map(RpmFixtures::instanceRow).toList();
        assertThat(instances).containsExactlyInAnyOrderElementsOf(RpmFixtures.expectedInstances(dir));
    }

    /** Not required of callers, but shows the walk matches rpm's (bucket order, NDB block order, sqlite rowid). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void listsPackagesInRpmsOrder(String dir, String file, String format) throws Exception {
        RpmReadResult result = RpmDatabaseReader.read(RpmFixtures.resource(dir + "/" + file));

        assertThat(result.packages().stream().map(RpmFixtures::row).toList())
                .containsExactlyElementsOf(RpmFixtures.expectedRows(dir));
    }
}
