package dev.imagescan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RpmVersionComparatorTest {

    private final VersionComparator rpm = RpmVersionComparator.INSTANCE;

    static List<Arguments> upstream() {
        return VersionVectors.arguments("/versions/rpm.tsv");
    }

    @Test
    void name() {
        assertThat(rpm.name()).isEqualTo("rpm");
        assertThat(new RpmVersionComparator().name()).isEqualTo("rpm");
    }

    /** The upstream vectors hold no '-' or ':', so EVR parsing must leave them to rpmvercmp. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @MethodSource("upstream")
    void upstreamVectors(String a, String b, int expected) {
        assertThat(rpm.compare(a, b)).isEqualTo(expected);
        assertThat(rpm.compare(b, a)).isEqualTo(-expected);
    }

    /**
      * 1500 random EVR pairs (epochs, releases, stray ':' and '-') decided by rpm 4.18 itself (see
      * src/test/scripts/gen-rpm-vectors.sh), checked in one test so the run stays fast.
      */
    @Test
    void generatedEvrVectorsDecidedByRpm() {
        final String file = "/versions/rpm-evr-generated.tsv";
        assertThat(VersionVectors.read(file)).hasSize(1500);
        assertThat(VersionVectors.mismatches(file, rpm::compare)).isEmpty();
    }

    @Test
    void sortsAsAComparator() {
        final List<String> xs =
                new ArrayList<>(List.of("1.0-1", "1:0.1", "1.0~rc1-1", "1.0", "1.0^git1-1", "0.9-9"));
        xs.sort(rpm);
        assertThat(xs).containsExactly("0.9-9", "1.0~rc1-1", "1.0", "1.0-1", "1.0^git1-1", "1:0.1");
    }
}
