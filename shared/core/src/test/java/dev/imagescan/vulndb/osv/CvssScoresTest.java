package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.CvssScore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base scores against published vector/score pairs (NVD for v2/v3, FIRST's v4.0 calculator for v4). */
class CvssScoresTest {

    @ParameterizedTest(name = "{1} = {3}")
    @CsvSource(delimiter = '|', value = {
        "CVSS_V2 | AV:N/AC:L/Au:N/C:P/I:P/A:P                                        | 2.0 | 7.5",
        "CVSS_V2 | AV:N/AC:M/Au:N/C:N/I:P/A:N                                        | 2.0 | 4.3",
        "CVSS_V2 | AV:N/AC:L/Au:N/C:C/I:C/A:C                                        | 2.0 | 10.0",
        "CVSS_V2 | (AV:L/AC:L/Au:N/C:C/I:C/A:C)                                      | 2.0 | 7.2",
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H                      | 3.1 | 9.8",
        "CVSS_V3 | CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H                      | 3.1 | 7.8",
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N                      | 3.1 | 6.1",
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H                      | 3.1 | 7.5",
        "CVSS_V3 | CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H                      | 3.0 | 8.8",
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N                      | 3.1 | 0.0",
        "CVSS_V4 | CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N  | 4.0 | 9.3",
        "CVSS_V4 | CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N  | 4.0 | 8.5",
        "CVSS_V4 | CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N  | 4.0 | 0.0",
    })
    void knownScores(String type, String vector, String version, double score) {
        assertThat(CvssScores.score(type, vector)).isEqualTo(new CvssScore(version, vector, score));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H                | CVSS:3.1 prefix and mandatory metrics",
        "CVSS_V3 | CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H            | Invalid value for metric AV",
        "CVSS_V3 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L       | metric AV appears twice",
        "CVSS_V3 | AV:N/AC:L/Au:N/C:P/I:P/A:P                              | a CVSS_V3 vector starts with CVSS:3.0/ or CVSS:3.1/",
        "CVSS_V2 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H            | a CVSS_V2 vector has no CVSS: prefix",
        "CVSS_V4 | CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H            | a CVSS_V4 vector starts with CVSS:4.0/",
        "CVSS_V4 | CVSS:4.0/AV:N/AC:L                                      | mandatory",
        "CVSS_V2 | garbage                                                 | 'garbage' is not METRIC:VALUE",
    })
    void unparseableVectorsAreRefusedWithTheReason(String type, String vector, String reason) {
        assertThatThrownBy(() -> CvssScores.score(type, vector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
