package dev.imagescan.vulndb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.osv.OsvParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated corpus writes about the real images' packages as real feeds do: in the image's own release, most
 * entries name a fix the installed version already has, a few name none or a fix above it; and the real package lists
 * read whole.
 */
class OsvCorpusGeneratorTest {

    @Test
    void realImagesReadWhole() {
        assertThat(RealImages.of(OsvCorpusGenerator.Family.DEBIAN)).hasSize(106)
                .anySatisfy(p -> assertThat(p.sourceName()).isEqualTo("glibc"));
        assertThat(RealImages.of(OsvCorpusGenerator.Family.ALPINE)).hasSize(14)
                .anySatisfy(p -> assertThat(p.name()).isEqualTo("libcrypto3"));
        assertThat(RealImages.of(OsvCorpusGenerator.Family.RED_HAT)).hasSize(181)
                .anySatisfy(p -> assertThat(p.version()).isEqualTo("1:6.2.0-10.el9"));
        assertThat(RealImages.advisedVersions(OsvCorpusGenerator.Family.RED_HAT))
                .containsEntry("libgcc", "11.3.1-4.3.0.1.el9").containsEntry("gcc", "11.3.1-4.3.0.1.el9");
    }

    @Test
    void entriesAboutTheRealImagesMostlyNameAFixTheyHave() {
        OsvCorpusGenerator generator = new OsvCorpusGenerator(3);
        Map<String, String> debian = RealImages.advisedVersions(OsvCorpusGenerator.Family.DEBIAN);
        Map<String, String> rhel = RealImages.advisedVersions(OsvCorpusGenerator.Family.RED_HAT);
        OsvParser parser = new OsvParser();
        int below = 0;
        int open = 0;
        int above = 0;
        for (OsvCorpusGenerator.Document d : generator.documents(20_000)) {
            OsvRecord record = parser.parse(d.json(), d.id());
            for (AffectedPackage a : record.affected()) {
                String installed = a.ecosystem().equals("Debian:12") ? debian.get(a.name())
                        : a.ecosystem().startsWith("Red Hat:enterprise_linux:9:") ? rhel.get(a.name()) : null;
                if (installed == null) {
                    continue;
                }
                VersionComparator cmp = VersionComparators.forPackageType(a.ecosystem().startsWith("Debian")
                        ? "deb" : "rpm");
                String fixed = a.ranges().get(0).events().stream().filter(e -> e.type() == RangeEvent.Type.FIXED)
                        .map(RangeEvent::version).findFirst().orElse(null);
                assertThat(a.versions()).isEmpty();
                if (fixed == null) {
                    open++;
                } else if (cmp.compare(fixed, installed) > 0) {
                    above++;
                } else {
                    below++;
                }
            }
        }
        assertThat(below).isGreaterThan(500);
        assertThat(open + above).isPositive().isLessThan(below / 50);
        int[] d = generator.realEntries(OsvCorpusGenerator.Family.DEBIAN);
        int[] r = generator.realEntries(OsvCorpusGenerator.Family.RED_HAT);
        assertThat(new int[] {open, above, below}).containsExactly(d[0] + r[0], d[1] + r[1], d[2] + r[2]);
    }
}
