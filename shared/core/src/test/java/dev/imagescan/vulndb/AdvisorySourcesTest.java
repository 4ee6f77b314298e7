package dev.imagescan.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sources named more than once are read as one, so their documents' records of the same id are joined. */
class AdvisorySourcesTest {
    /** Real secdb extracts (the embedded database's): CVE-2016-8859 (musl) is in both branches. */
    private static final String V3_20 = "alpine=src/main/vulndb-feeds/alpine/v3.20-main.json";
    private static final String V3_9 = "alpine=src/main/vulndb-feeds/alpine/v3.9-main.json";

    @Test
    void anAlpineSourceGivenTwiceIsOneSourceKeepingEveryBranchsFix() throws Exception {
        List<AdvisorySource> sources = AdvisorySources.ofAll(List.of(V3_20, "kev=x.json", V3_9),
                AdvisorySources.Options.DEFAULT);
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).name()).startsWith("alpine");
        assertThat(sources.get(1).name()).startsWith("kev");

        assertThat(branchesOfMuslCve(List.of(sources.get(0)))).containsExactly("Alpine:v3.20", "Alpine:v3.9");
        // what one source per document gave: two records of one id, of which the merge keeps one
        List<AdvisorySource> apart = List.of(AdvisorySources.of(V3_20, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of(V3_9, AdvisorySources.Options.DEFAULT));
        assertThat(branchesOfMuslCve(apart)).hasSize(1);
    }

    @Test
    void aNameGivenWithAndWithoutALocationIsRefused() {
        assertThatThrownBy(() -> AdvisorySources.ofAll(List.of("alpine", V3_9), AdvisorySources.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source alpine is given both with and without a location");
        assertThatThrownBy(() -> AdvisorySources.ofAll(List.of(V3_9, "alpine= "), AdvisorySources.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source alpine= names no file or URL");
    }

    private static List<String> branchesOfMuslCve(List<AdvisorySource> sources) throws Exception {
        return new DatabaseBuilder().collect(sources).records().stream()
                .filter(r -> r.advisory().id().equals("ALPINE-SECDB-CVE-2016-8859"))
                .flatMap(r -> r.affected().stream())
                .map(AffectedPackage::ecosystem)
                .distinct()
                .sorted()
                .toList();
    }
}
