package dev.imagescan.analyzer.apk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.InstalledPackage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApkInstalledParserTest {

    @Test
    void readsNameVersionArchAndOrigin() {
        String db = """
                C:Q1xkR4E2C1hVtpiBA5o0+gh3Dwefo=
                P:libcrypto3
                V:3.3.2-r0
                A:x86_64
                S:1234
                o:openssl
                F:usr/lib
                R:libcrypto.so.3

                C:Q1abc=
                P:musl
                V:1.2.5-r0
                A:x86_64
                """;
        List<String> problems = new ArrayList<>();
        List<InstalledPackage> packages = ApkInstalledParser.parse(db.getBytes(StandardCharsets.UTF_8), "/db", problems);

        assertThat(packages).hasSize(2);
        assertThat(packages.get(0)).satisfies(p -> {
            assertThat(p.name()).isEqualTo("libcrypto3");
            assertThat(p.version()).isEqualTo("3.3.2-r0");
            assertThat(p.arch()).isEqualTo("x86_64");
            assertThat(p.sourceName()).isEqualTo("openssl");
            assertThat(p.sourceVersion()).isEqualTo("3.3.2-r0");
        });
        assertThat(packages.get(1).sourceName()).isEqualTo("musl");
        assertThat(problems).isEmpty();
    }

    @Test
    void blockWithoutNameIsReportedAndSkipped() {
        List<String> problems = new ArrayList<>();
        List<InstalledPackage> packages = ApkInstalledParser.parse(
                "V:1.0\nA:x86_64\n\nP:ok\nV:2\nthis is not apk\n".getBytes(StandardCharsets.UTF_8), "/db", problems);

        assertThat(packages).extracting(InstalledPackage::name).containsExactly("ok");
        assertThat(problems).containsExactly("/db line 1: a package without P: or V:; ignored",
                "/db line 6: not an 'X:value' line; ignored");
    }
}
